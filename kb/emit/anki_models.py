"""kb's own Anki note types: fixed ids, field names and template names, one stylesheet.

The ids never change: Anki matches note types by id on import, so changing one would make every
re-import create a second copy of every note type. Field and template names are part of the contract
with the user's collection too (Anki keys review history on note + template ordinal), so fields are
only ever appended, never renamed or reordered.
"""
from __future__ import annotations

import genanki

QA_MODEL_ID = 1_712_400_001
CLOZE_MODEL_ID = 1_712_400_002
FORMULA_MODEL_ID = 1_712_400_003

QA_FIELDS = ("Front", "Back", "Section", "Source", "Lang")
CLOZE_FIELDS = ("Text", "Extra", "Section", "Source", "Lang")
FORMULA_FIELDS = ("Front", "Formula", "NoteFormula", "Status", "StatusLabel", "Detail", "Back", "Section",
                  "Source", "Lang")

CSS = r"""
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
    "Microsoft YaHei", sans-serif;
  font-size: 19px;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background: #ffffff;
  padding: 0 4px;
}
.kb { max-width: 46em; margin: 0 auto; overflow-wrap: anywhere; }
.kb-section { font-size: 0.75em; color: #6e6e73; margin-bottom: 0.6em; }
.kb-source { font-size: 0.7em; color: #6e6e73; margin-top: 1.2em; }
.kb img { max-width: 100%; height: auto; }
.kb pre { overflow-x: auto; padding: 0.5em; border-radius: 4px; font-size: 0.85em; background: #f6f8fa; }
.kb code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.kb table { border-collapse: collapse; display: block; overflow-x: auto; }
.kb td, .kb th { border: 1px solid #c7c7cc; padding: 0.2em 0.5em; }
.kb mjx-container { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
.kb .missing-image { color: #8e8e93; font-style: italic; }
.cloze { font-weight: bold; color: #0a5ec2; }
.kb-status { display: inline-block; font-size: 0.75em; font-weight: 600; padding: 0.1em 0.6em;
  border-radius: 1em; background: #e5e5ea; color: #1d1d1f; }
.kb-status-verified { background: #d8f5dd; color: #0b5d1e; }
.kb-status-restored { background: #dbe9fb; color: #0a3f7a; }
.kb-guess { text-decoration: underline dotted #888; text-underline-offset: 0.2em; }
.kb-gap { display: inline-block; margin: 0 0.25em; padding: 0 0.3em; border: 1px dashed #aaa; border-radius: 3px; color: #888; font-size: 0.75em; font-style: italic; line-height: 1.3; }
.kb-status-note_differs, .kb-status-failed { background: #fde2e1; color: #8a1410; }
.kb-warning { border-left: 4px solid #d70015; background: #fff1f0; color: #8a1410; padding: 0.4em 0.7em;
  margin: 0.6em 0; font-weight: 600; }
.kb-compare { display: flex; flex-wrap: wrap; gap: 0.8em; }
.kb-compare > div { flex: 1 1 16em; min-width: 0; border: 1px solid #c7c7cc; border-radius: 6px; padding: 0.4em 0.7em; }
.kb-compare h4 { margin: 0 0 0.3em 0; font-size: 0.8em; }
.kb-compare .kb-verified { border-color: #34c759; }
.kb-compare .kb-note { border-color: #ff3b30; }
.kb-detail { font-size: 0.75em; color: #6e6e73; }
.kb-retired { font-size: 1.1em; font-weight: 600; color: #8a4b00; background: #fff4e0; border-left: 4px solid #ff9500;
  padding: 0.3em 0.6em; margin-bottom: 0.4em; }

.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode { color: #e5e5ea; background: #1c1c1e; }
.nightMode .kb-section, .night_mode .kb-section, .nightMode .kb-source, .night_mode .kb-source,
.nightMode .kb-detail, .night_mode .kb-detail { color: #aeaeb2; }
.nightMode .cloze, .night_mode .cloze { color: #64a8ff; }
.nightMode .kb-status, .night_mode .kb-status { background: #3a3a3c; color: #e5e5ea; }
.nightMode .kb-status-verified, .night_mode .kb-status-verified { background: #12371b; color: #8ee3a0; }
.nightMode .kb-status-restored, .night_mode .kb-status-restored { background: #13294a; color: #9cc5ff; }
.nightMode .kb-status-note_differs, .night_mode .kb-status-note_differs,
.nightMode .kb-status-failed, .night_mode .kb-status-failed { background: #4a1614; color: #ffaaa5; }
.nightMode .kb-warning, .night_mode .kb-warning { background: #3b1211; color: #ffaaa5; }
.nightMode .kb-retired, .night_mode .kb-retired { background: #3a2a10; color: #ffcc80; }
.nightMode .kb td, .night_mode .kb td, .nightMode .kb th, .night_mode .kb th,
.nightMode .kb-compare > div, .night_mode .kb-compare > div { border-color: #48484a; }
.nightMode .kb pre, .night_mode .kb pre { filter: invert(0.88) hue-rotate(180deg); }

@media (max-width: 480px) {
  .card { font-size: 17px; }
  .kb-compare > div { flex-basis: 100%; }
}
"""

_SECTION = '{{#Section}}<div class="kb-section">{{Section}}</div>{{/Section}}'
_SOURCE = '<div class="kb-source">{{Source}}</div>'

_QA_TEMPLATE = {
    "name": "kb Card",
    "qfmt": f'<div class="kb kb-qa" lang="{{{{Lang}}}}">{_SECTION}<div class="kb-front">{{{{Front}}}}</div></div>',
    "afmt": ('{{FrontSide}}<hr id="answer">'
             f'<div class="kb kb-qa" lang="{{{{Lang}}}}"><div class="kb-back">{{{{Back}}}}</div>{_SOURCE}</div>'),
}

_CLOZE_TEMPLATE = {
    "name": "kb Cloze",
    "qfmt": f'<div class="kb kb-cloze" lang="{{{{Lang}}}}">{_SECTION}{{{{cloze:Text}}}}</div>',
    "afmt": (f'<div class="kb kb-cloze" lang="{{{{Lang}}}}">{_SECTION}{{{{cloze:Text}}}}'
             '{{#Extra}}<hr id="answer"><div class="kb-extra">{{Extra}}</div>{{/Extra}}'
             f'{_SOURCE}</div>'),
}

_FORMULA_TEMPLATE = {
    "name": "kb Formula",
    "qfmt": f'<div class="kb kb-formula" lang="{{{{Lang}}}}">{_SECTION}<div class="kb-front">{{{{Front}}}}</div></div>',
    "afmt": ('{{FrontSide}}<hr id="answer">'
             '<div class="kb kb-formula" lang="{{Lang}}">'
             '<span class="kb-status kb-status-{{Status}}">{{StatusLabel}}</span>'
             '{{#NoteFormula}}'
             '<div class="kb-warning">{{Detail}}</div>'
             '<div class="kb-compare">'
             '<div class="kb-note"><h4>✎ note</h4>{{NoteFormula}}</div>'
             '<div class="kb-verified"><h4>✓ verified</h4>{{Formula}}</div>'
             '</div>'
             '{{/NoteFormula}}'
             '{{^NoteFormula}}<div class="kb-formula-body">{{Formula}}</div>'
             '{{#Detail}}<div class="kb-detail">{{Detail}}</div>{{/Detail}}{{/NoteFormula}}'
             '{{#Back}}<div class="kb-back">{{Back}}</div>{{/Back}}'
             f'{_SOURCE}</div>'),
}


class _FixedModModel(genanki.Model):
    """A genanki Model whose modification time is set by the caller, not by the package timestamp.

    Anki replaces a note type on import only when the incoming one is newer, so its mod must move
    exactly when its templates, fields or CSS change.
    """

    mod: int = 0

    def to_json(self, timestamp: float, deck_id):
        data = super().to_json(timestamp, deck_id)
        data["mod"] = self.mod
        return data


def _model(model_id: int, name: str, fields: tuple[str, ...], template: dict, model_type: int) -> _FixedModModel:
    return _FixedModModel(
        model_id,
        name,
        fields=[{"name": field} for field in fields],
        templates=[dict(template)],
        css=CSS,
        model_type=model_type,
    )


def qa_model() -> _FixedModModel:
    return _model(QA_MODEL_ID, "kb Q&A", QA_FIELDS, _QA_TEMPLATE, genanki.Model.FRONT_BACK)


def cloze_model() -> _FixedModModel:
    return _model(CLOZE_MODEL_ID, "kb Cloze", CLOZE_FIELDS, _CLOZE_TEMPLATE, genanki.Model.CLOZE)


def formula_model() -> _FixedModModel:
    return _model(FORMULA_MODEL_ID, "kb Formula", FORMULA_FIELDS, _FORMULA_TEMPLATE, genanki.Model.FRONT_BACK)


def model_signature(model: genanki.Model) -> str:
    """Everything about a note type that Anki would need to re-import (for its content hash)."""
    import json

    return json.dumps([model.model_id, model.name, model.fields, model.templates, model.css, model.model_type],
                      sort_keys=True, ensure_ascii=False)
