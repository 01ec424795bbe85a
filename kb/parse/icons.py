"""Icons: the emoji notes set beside a title, a question or an answer's label as decoration (📘 Softmax,
"Why …? 🟢", "✅ **Answer:**"). They are no part of the words they stand beside."""
from __future__ import annotations

import re

# One pictograph with its variation selector, skin tone or joined parts (⭐️, 👍🏽, 👩‍🔧)
ICON = (r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
        r"(?:\uFE0F|[\U0001F3FB-\U0001F3FF]|\u200D[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]\uFE0F?)*")
LEADING = re.compile(rf"^(?:{ICON}\s*)+")
# A stray joiner before an icon ("… ?\u200d⭐️", left where a list's legend was pasted) goes with it
TRAILING = re.compile(rf"(?:[\s\u200D]*{ICON})+\s*$")


def without_icons(text: str) -> str:
    """`text` without the icons at either end."""
    return TRAILING.sub("", LEADING.sub("", text))
