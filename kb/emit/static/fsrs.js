/* FSRS-6 scheduler: a port of py-fsrs 6.x (Scheduler.review_card) with its default parameters.
 * Times are epoch milliseconds. Cards are plain JSON objects so they can live in localStorage:
 *   {state: 1 learning | 2 review | 3 relearning, step, stability, difficulty, due, last_review}
 * tests/test_site.py runs this file under node and compares it with py-fsrs on the same reviews.
 */
(function (root) {
  "use strict";

  var DEFAULT_PARAMETERS = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
  ];
  var State = { Learning: 1, Review: 2, Relearning: 3 };
  var Rating = { Again: 1, Hard: 2, Good: 3, Easy: 4 };
  var STABILITY_MIN = 0.001;
  var MIN_DIFFICULTY = 1.0;
  var MAX_DIFFICULTY = 10.0;
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;
  var FUZZ_RANGES = [
    { start: 2.5, end: 7.0, factor: 0.15 },
    { start: 7.0, end: 20.0, factor: 0.1 },
    { start: 20.0, end: Infinity, factor: 0.05 },
  ];

  /* Python's round(): halves go to the even neighbour. */
  function roundHalfEven(x) {
    var r = Math.round(x);
    if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) r -= 1;
    return r;
  }

  /* timedelta.days: whole days, floored. */
  function wholeDays(ms) {
    return Math.floor(ms / DAY);
  }

  function newCard(now) {
    return { state: State.Learning, step: 0, stability: null, difficulty: null, due: now, last_review: null };
  }

  function Scheduler(options) {
    options = options || {};
    this.w = (options.parameters || DEFAULT_PARAMETERS).slice();
    this.desiredRetention = options.desiredRetention || 0.9;
    this.learningSteps = options.learningSteps || [1 * MINUTE, 10 * MINUTE];
    this.relearningSteps = options.relearningSteps || [10 * MINUTE];
    this.maximumInterval = options.maximumInterval || 36500;
    this.enableFuzzing = options.enableFuzzing !== undefined ? options.enableFuzzing : true;
    this.random = options.random || Math.random;
    this.decay = -this.w[20];
    this.factor = Math.pow(0.9, 1 / this.decay) - 1;
  }

  Scheduler.prototype.clampDifficulty = function (d) {
    return Math.min(Math.max(d, MIN_DIFFICULTY), MAX_DIFFICULTY);
  };

  Scheduler.prototype.clampStability = function (s) {
    return Math.max(s, STABILITY_MIN);
  };

  Scheduler.prototype.retrievability = function (card, now) {
    if (card.last_review === null || card.stability === null) return 0;
    var elapsed = Math.max(0, wholeDays(now - card.last_review));
    return Math.pow(1 + this.factor * elapsed / card.stability, this.decay);
  };

  Scheduler.prototype.initialStability = function (rating) {
    return this.clampStability(this.w[rating - 1]);
  };

  Scheduler.prototype.initialDifficulty = function (rating, clamp) {
    var d = this.w[4] - Math.pow(Math.E, this.w[5] * (rating - 1)) + 1;
    return clamp ? this.clampDifficulty(d) : d;
  };

  Scheduler.prototype.nextInterval = function (stability) {
    var days = (stability / this.factor) * (Math.pow(this.desiredRetention, 1 / this.decay) - 1);
    days = roundHalfEven(days);
    return Math.min(Math.max(days, 1), this.maximumInterval);
  };

  Scheduler.prototype.shortTermStability = function (stability, rating) {
    var w = this.w;
    var increase = Math.pow(Math.E, w[17] * (rating - 3 + w[18])) * Math.pow(stability, -w[19]);
    if (rating >= Rating.Hard) increase = Math.max(increase, 1.0);
    return this.clampStability(stability * increase);
  };

  Scheduler.prototype.nextDifficulty = function (difficulty, rating) {
    var w = this.w;
    var delta = -(w[6] * (rating - 3));
    var damped = difficulty + (10.0 - difficulty) * delta / 9.0;
    var reverted = w[7] * this.initialDifficulty(Rating.Easy, false) + (1 - w[7]) * damped;
    return this.clampDifficulty(reverted);
  };

  Scheduler.prototype.nextStability = function (difficulty, stability, retrievability, rating) {
    var w = this.w;
    var next;
    if (rating === Rating.Again) {
      var longTerm = w[11] * Math.pow(difficulty, -w[12]) * (Math.pow(stability + 1, w[13]) - 1) *
        Math.pow(Math.E, (1 - retrievability) * w[14]);
      var shortTerm = stability / Math.pow(Math.E, w[17] * w[18]);
      next = Math.min(longTerm, shortTerm);
    } else {
      var hardPenalty = rating === Rating.Hard ? w[15] : 1;
      var easyBonus = rating === Rating.Easy ? w[16] : 1;
      next = stability * (1 + Math.pow(Math.E, w[8]) * (11 - difficulty) * Math.pow(stability, -w[9]) *
        (Math.pow(Math.E, (1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus);
    }
    return this.clampStability(next);
  };

  /* Stability after a same-day (short-term) or later review, then difficulty: every branch of py-fsrs does both. */
  Scheduler.prototype.updateMemory = function (card, rating, now) {
    var sinceLast = card.last_review !== null ? wholeDays(now - card.last_review) : null;
    if (sinceLast !== null && sinceLast < 1) {
      card.stability = this.shortTermStability(card.stability, rating);
    } else {
      card.stability = this.nextStability(card.difficulty, card.stability, this.retrievability(card, now), rating);
    }
    card.difficulty = this.nextDifficulty(card.difficulty, rating);
  };

  /* Learning and relearning share one shape; only their step lists differ. */
  Scheduler.prototype.stepInterval = function (card, rating, steps) {
    if (steps.length === 0 || (card.step >= steps.length && rating >= Rating.Hard)) {
      return this.graduate(card);
    }
    switch (rating) {
      case Rating.Again:
        card.step = 0;
        return steps[0];
      case Rating.Hard:
        if (card.step === 0 && steps.length === 1) return steps[0] * 1.5;
        if (card.step === 0 && steps.length >= 2) return (steps[0] + steps[1]) / 2.0;
        return steps[card.step];
      case Rating.Good:
        if (card.step + 1 === steps.length) return this.graduate(card);
        card.step += 1;
        return steps[card.step];
      case Rating.Easy:
        return this.graduate(card);
      default:
        throw new Error("Unknown rating: " + rating);
    }
  };

  Scheduler.prototype.graduate = function (card) {
    card.state = State.Review;
    card.step = null;
    return this.nextInterval(card.stability) * DAY;
  };

  Scheduler.prototype.fuzzedInterval = function (intervalMs) {
    var days = wholeDays(intervalMs);
    if (days < 2.5) return intervalMs;
    var delta = 1.0;
    FUZZ_RANGES.forEach(function (range) {
      delta += range.factor * Math.max(Math.min(days, range.end) - range.start, 0.0);
    });
    var minIvl = Math.max(2, roundHalfEven(days - delta));
    var maxIvl = Math.min(roundHalfEven(days + delta), this.maximumInterval);
    minIvl = Math.min(minIvl, maxIvl);
    var fuzzed = Math.min(roundHalfEven(this.random() * (maxIvl - minIvl + 1) + minIvl), this.maximumInterval);
    return fuzzed * DAY;
  };

  /* The card after a review with `rating` (1-4) at `now` (ms); the input card is not changed. */
  Scheduler.prototype.review = function (input, rating, now) {
    var card = Object.assign({}, input);
    var interval;
    if (card.state === State.Learning) {
      if (card.stability === null || card.difficulty === null) {
        card.stability = this.initialStability(rating);
        card.difficulty = this.initialDifficulty(rating, true);
      } else {
        this.updateMemory(card, rating, now);
      }
      interval = this.stepInterval(card, rating, this.learningSteps);
    } else if (card.state === State.Review) {
      this.updateMemory(card, rating, now);
      if (rating === Rating.Again && this.relearningSteps.length > 0) {
        card.state = State.Relearning;
        card.step = 0;
        interval = this.relearningSteps[0];
      } else {
        interval = this.nextInterval(card.stability) * DAY;
      }
    } else if (card.state === State.Relearning) {
      this.updateMemory(card, rating, now);
      interval = this.stepInterval(card, rating, this.relearningSteps);
    } else {
      throw new Error("Unknown card state: " + card.state);
    }
    if (this.enableFuzzing && card.state === State.Review) interval = this.fuzzedInterval(interval);
    card.due = now + interval;
    card.last_review = now;
    return card;
  };

  var api = {
    DEFAULT_PARAMETERS: DEFAULT_PARAMETERS, State: State, Rating: Rating, DAY: DAY, MINUTE: MINUTE,
    Scheduler: Scheduler, newCard: newCard, roundHalfEven: roundHalfEven,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.FSRS = api;
})(typeof window !== "undefined" ? window : this);
