"""The page ``loss-tui serve`` sends: textual-serve's own, made fit for a classroom, plus the
two short pages a student may meet instead (no token; the class is full).

Changes to textual-serve's page template (checked when the server starts, so a new version of the
package that moves things fails loudly rather than silently serving the old behaviour):

- no web-font host: the Roboto Mono the package ships is declared with @font-face and served
  from /static, so an offline classroom gets the same font and no stalled request;
- the terminal is focused once the app has drawn its first frame. Textual's web driver starts the
  app blurred (it posts AppBlur at start), which takes focus off every widget, so the footer shows
  only the app-wide keys; the page sends "focus" only when the terminal gets DOM focus, which
  without this happens at the first click.
"""

from __future__ import annotations

import re
from pathlib import Path

import textual_serve

WEB_FONT_LINK = re.compile(
    r'[ \t]*<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com[^"]*"\s*/>\n?')
SERVED_FONT = """    <style>
      @font-face { font-family: "Roboto Mono"; font-weight: 100 700;
                   src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf"); }
    </style>
"""
FOCUS_ON_FIRST_FRAME = """<script>
      new MutationObserver((changes, observer) => {
        if (!document.body.classList.contains("-first-byte")) return;
        observer.disconnect();
        document.querySelector(".xterm-helper-textarea")?.focus();
      }).observe(document.body, {attributes: true, attributeFilter: ["class"]});
    </script>
  </body>"""
PAGE_STYLE = ("font-family: sans-serif; background: #0c181f; color: #eee; max-width: 40em; "
              "margin: 4em auto; line-height: 1.5")


def page(title: str, text: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body style='{PAGE_STYLE}'><h1>{title}</h1><p>{text}</p></body></html>")


FORBIDDEN = page("This link needs its access token",
                 "Ask your teacher for the full link: it ends in <code>?token=…</code>.")


def class_full(limit: int) -> str:
    return page("The class is full",
                f"{limit} students are using loss-tui on this server, the most it takes at once. "
                "Try again in a minute (a session ends when its tab closes), or ask your teacher.")


def write_page_template(folder: Path) -> Path:
    """textual-serve's page without the web-font link, with the focus script; returns its folder."""
    source = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_text()
    html, fonts = WEB_FONT_LINK.subn(SERVED_FONT, source)
    html, ends = re.subn(r"\s*</body>", "\n    " + FOCUS_ON_FIRST_FRAME, html)
    if fonts != 1 or ends != 1:
        raise RuntimeError("textual-serve's page template changed: update tui/serve_page.py")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app_index.html").write_text(html)
    return folder
