"""``loss-tui lecture [SCRIPT]``: present the lecture slide by slide (PageDown / PageUp).

SCRIPT is a lecture script (TOML, see engine/lecture.py; default: the built-in Lecture 3). A
script that cannot be presented is refused before the app starts, with one line naming the
step and the field.
"""

from __future__ import annotations

from tui.commands import UsageError

PROG = "loss-tui lecture"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "lecture", help="present the lecture slide by slide (PageDown / PageUp)",
        description="Present the lecture: each step one slide's point, its question first and its "
                    "answer on the next PageDown, the live app underneath. Esc leaves lecture mode "
                    "(the palette's 'Lecture: resume' comes back).",
        epilog="Copy the built-in script (assets/lectures/lecture-3.toml in the package) to write "
               "your own: loss-tui lecture my-course.toml")
    p.add_argument("script", nargs="?", metavar="SCRIPT", help="a lecture script (default: Lecture 3)")
    p.add_argument("--step", type=int, default=1, metavar="N", help="start at step N (default 1)")
    p.add_argument("--list", action="store_true", help="print the steps' titles and exit")
    p.add_argument("--sandbox", action="store_true", help="open and save only inside one scratch folder")
    p.set_defaults(run=run)


def load(script: str | None):
    from engine.lecture import ScriptError, builtin_script, load_script

    try:
        return load_script(script) if script else builtin_script()
    except ScriptError as exc:
        raise UsageError(f"{PROG}: {exc}") from None


def run(args) -> int:
    script = load(args.script)
    if not 1 <= args.step <= len(script.steps):
        raise UsageError(f"{PROG}: --step {args.step} is outside 1 … {len(script.steps)}")
    if args.list:
        for n, title in enumerate(script.step_titles, 1):
            builds = sum(1 for stage in script.stages if stage.step == n - 1)
            print(f"{n:>3}. {title}" + (f"  ({builds} builds)" if builds > 1 else ""))
        return 0
    from tui.app import LossApp
    from tui.commands.app import file_access_for

    app = LossApp(file_access=file_access_for(args.sandbox, None), lecture=script,
                  lecture_start=script.first_stage_of(args.step - 1))
    app.run()
    return 0
