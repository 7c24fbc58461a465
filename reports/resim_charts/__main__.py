"""python3 -m resim_charts report RESULTS.json --out DIR   (what `resim report` runs)."""

import argparse
import sys

EXIT_BAD_INPUT = 2


def main(argv=None):
    parser = argparse.ArgumentParser(prog="resim_charts",
                                     description="Charts and reports from resim's results JSON")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="HTML report, Markdown summary, PNG and SVG charts")
    report.add_argument("results", help="results JSON written by resim run --json")
    report.add_argument("--out", required=True, help="directory to write into")
    report.add_argument("--top", type=int, default=10, help="causes shown before the rest is summed")
    replay = sub.add_parser("replay-chart", help="Gantt chart of a replayed trial (resim replay --json)")
    replay.add_argument("timeline", help="timeline JSON written by resim replay --json")
    replay.add_argument("--out", required=True, help="PNG or SVG file to write")
    args = parser.parse_args(argv)
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as error:
        package = "python3-matplotlib" if "matplotlib" in str(error) else "python3-pandas"
        print(f"error: charts need {error.name}: install Debian's {package} "
              f"(apt-get install python3-matplotlib python3-pandas) and run with /usr/bin/python3",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    import json

    try:
        if args.command == "report":
            from .report import write_report
            from .results import load_results

            written = write_report(load_results(args.results), args.out, top=args.top)
            print(f"report: {written[0]} ({len(written) - 2} chart files, summary {written[1]})")
        else:
            from .replay import write_gantt

            write_gantt(args.timeline, args.out)
            print(f"chart: {args.out}")
    except (OSError, json.JSONDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
