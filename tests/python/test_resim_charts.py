"""Unit tests of reports/resim_charts, run by ctest through /usr/bin/python3 -m unittest.

RESIM_BINARY (set by ctest) lets the integration tests run resim itself on bundled scenarios."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from resim_charts import charts, report
from resim_charts.results import Results, load_results, quantile_frame, share_at_most
from resim_charts.style import format_count, format_duration, format_percent

SOURCE = Path(__file__).resolve().parents[2]
RESIM = os.environ.get("RESIM_BINARY", str(SOURCE / "build" / "sim" / "resim"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_resim(scenario, trials=200):
    out = Path(tempfile.mkdtemp()) / "results.json"
    subprocess.run([RESIM, "run", str(SOURCE / "scenarios" / scenario), "--trials", str(trials),
                    "--quiet", "--json", str(out)], check=True)
    return load_results(out)


class Formatting(unittest.TestCase):
    def test_durations_have_about_three_significant_figures(self):
        cases = {0: "0s", 0.25: "250ms", 46.6: "46.6s", 60: "1m", 1128: "18m 48s",
                 3600: "1h", 5400: "1h 30m", 26.3 * 3600: "26h 18m", 3 * 86400: "3d",
                 12.5 * 86400: "12.5d", 2 * 8760 * 3600: "2y"}
        for seconds, text in cases.items():
            self.assertEqual(format_duration(seconds), text, seconds)

    def test_counts_are_human(self):
        self.assertEqual(format_count(1.998e7), "20 million")
        self.assertEqual(format_count(12345), "12,345")
        self.assertEqual(format_count(113.1), "113")

    def test_availability_shows_two_figures_of_its_gap(self):
        self.assertEqual(format_percent(0.9999759), "99.9976%")
        self.assertEqual(format_percent(0.95), "95.0%")
        self.assertEqual(format_percent(1.0), "100.0%")


class QuantileTables(unittest.TestCase):
    def test_share_at_most_interpolates_the_table(self):
        table = quantile_frame({"quantiles": [[0.0, 0.0], [0.5, 10.0], [1.0, 20.0]]})
        self.assertEqual(share_at_most(table, -1), 0.0)
        self.assertAlmostEqual(share_at_most(table, 5.0), 0.25)
        self.assertAlmostEqual(share_at_most(table, 15.0), 0.75)
        self.assertEqual(share_at_most(table, 20.0), 1.0)

    def test_missing_or_malformed_tables_are_empty(self):
        for summary in (None, {}, {"quantiles": []}, {"quantiles": "x"}):
            self.assertTrue(quantile_frame(summary).empty)


class Defensive(unittest.TestCase):
    def test_empty_results_draw_nothing_and_still_write_a_report(self):
        results = Results({})
        for stem, _, draw in charts.CHARTS:
            self.assertIsNone(draw(results), stem)
        self.assertEqual(results.verdict()[0], "none")
        with tempfile.TemporaryDirectory() as out:
            written = report.write_report(results, out)
            self.assertEqual([p.name for p in written], ["report.html", "summary.md"])
            self.assertIn("NO TARGETS", (Path(out) / "summary.md").read_text().splitlines()[0])

    def test_target_sets_and_periods_are_read(self):
        results = Results({
            "scenario": {"name": "tiers", "service": "web"},
            "target_sets": [
                {"name": "premium", "period": "month", "targets": [
                    {"kind": "rto", "on": "web", "target_s": 3600, "achieved_s": 4000,
                     "verdict": "missed", "period_probability": 0.8,
                     "period_probability_ci95": [0.7, 0.9]}]},
                {"name": "standard", "targets": [
                    {"kind": "availability", "target": 0.999, "achieved": 0.9995,
                     "verdict": "met"}]}],
        })
        frame = results.targets()
        self.assertEqual(list(frame["set"]), ["premium", "standard"])
        self.assertEqual(frame.iloc[0]["period"], "month")
        status, sentence = results.verdict()
        self.assertEqual(status, "missed")
        self.assertIn("premium: rto ≤ 1h on web", sentence)

    def test_the_default_set_is_no_tier(self):
        results = Results({"targets": [{"set": "targets", "kind": "rto", "target_s": 60,
                                        "verdict": "met"}]})
        self.assertEqual(results.targets().iloc[0]["set"], "")
        self.assertEqual(results.verdict()[1], "All 1 targets MET: rto ≤ 1m.")

    def test_inconclusive_flat_target_is_not_a_pass(self):
        results = Results({"targets": [{"name": "rto", "target_s": 60, "met": True,
                                        "conclusive": False}]})
        self.assertEqual(results.verdict()[0], "inconclusive")

    def test_designs_of_a_comparison(self):
        results = Results({"designs": [
            {"label": "2 zones", "results": {"availability": {"mean": 0.999, "ci95": [0.998, 0.9995]},
                                             "outages": {"duration_s": {"p99": 600}}}},
            {"label": "3 zones", "results": {"availability": {"mean": 0.9999, "ci95": [0.9998, 1.0]},
                                             "cost": {"total_per_year": 1200.0}}}]})
        frame = results.designs()
        self.assertEqual(list(frame["design"]), ["2 zones", "3 zones"])
        self.assertAlmostEqual(frame.iloc[1]["cost"], 1200.0)
        fig = charts.compare_metrics(results)
        self.assertIsNotNone(fig)


class OnRealResults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.active_passive = run_resim("two-region-active-passive.json")
        cls.single_zone = run_resim("single-zone-web.json")

    def test_tables_agree_with_the_summary_percentiles(self):
        summary, table = self.active_passive.outage_durations()
        by_level = dict(zip(table["level"], table["value"]))
        self.assertAlmostEqual(by_level[0.5], summary["p50"])
        self.assertAlmostEqual(by_level[0.99], summary["p99"])
        self.assertAlmostEqual(by_level[1.0], summary["max"])

    def test_cdf_at_the_target_matches_the_judged_share(self):
        # The rto target's share_within is exact; the table interpolates between levels, so it
        # must land within the spacing of the levels around the target.
        rto = self.active_passive.targets_of_kind("rto").iloc[0]
        _, table = self.active_passive.outage_durations()
        self.assertAlmostEqual(share_at_most(table, rto["target"]), rto["share_within"], delta=0.01)

    def test_report_has_every_chart_as_png_and_svg_and_the_verdict_first(self):
        with tempfile.TemporaryDirectory() as out:
            report.write_report(self.active_passive, out)
            out = Path(out)
            stems = [s for s, _, _ in charts.CHARTS if (out / f"{s}.png").exists()]
            for expected in ("availability-per-period", "downtime-per-period", "rto-cdf",
                             "rpo-cdf", "causes", "rto-rpo-matrix"):
                self.assertIn(expected, stems)
            for stem in stems:
                self.assertEqual((out / f"{stem}.png").read_bytes()[:8], PNG_MAGIC)
                root = ET.parse(out / f"{stem}.svg").getroot()
                self.assertTrue(root.tag.endswith("svg"))
            html = (out / "report.html").read_text()
            self.assertEqual(html.count('class="chart"'), len(stems))
            self.assertEqual(html.count("data:image/png;base64,"), len(stems))
            first = (out / "summary.md").read_text().splitlines()[:3]
            status, sentence = self.active_passive.verdict()
            self.assertIn(report.VERDICT_WORDS[status], first[0])
            self.assertIn(sentence, first[2])

    def test_causes_beyond_top_are_summed(self):
        causes = self.active_passive.causes()
        self.assertGreater(len(causes), 3)
        rows = report._cause_rows(self.active_passive, 3)
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[-1][0], f"{len(causes) - 3} others")
        rest = causes.iloc[3:]["downtime_share"].sum()
        self.assertEqual(rows[-1][2], f"{rest * 100:.1f}%")

    def test_scenario_without_failover_has_no_rpo_chart(self):
        self.assertIsNone(charts.rpo_cdf(self.single_zone))
        self.assertIsNotNone(charts.rto_cdf(self.single_zone))


class OnComparison(unittest.TestCase):
    def test_compare_report_has_each_design_and_its_verdict(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([RESIM, "compare", str(SOURCE / "scenarios" / "single-zone-web.json"),
                            str(SOURCE / "scenarios" / "three-zone-web.json"), "--trials", "100",
                            "--quiet", "--report", out], check=True, capture_output=True)
            results = load_results(Path(out) / "comparison.json")
            self.assertEqual(list(results.designs()["design"]), ["single-zone-web", "three-zone-web"])
            status, sentence = results.verdict()
            worst = [r.verdict()[0] for _, r in results.design_results()]
            self.assertIn(status, worst)
            self.assertTrue(sentence.startswith("single-zone-web: "))
            self.assertIn("three-zone-web: ", sentence)
            for stem in ("compare", "compare-rto-cdf"):
                self.assertTrue((Path(out) / f"{stem}.png").exists(), stem)
            self.assertIn(report.VERDICT_WORDS[status],
                          (Path(out) / "summary.md").read_text().splitlines()[0])


class WithoutPython(unittest.TestCase):
    """`resim report` says what to install and exits 2; `resim run --report` still runs."""

    def test_missing_interpreter(self):
        with tempfile.TemporaryDirectory() as out:
            env = dict(os.environ, RESIM_PYTHON="/nonexistent/python3")
            run = subprocess.run([RESIM, "run", "--trials", "50", "--report", out], env=env,
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 2)
            self.assertIn("python3-matplotlib", run.stderr)
            self.assertIn("Availability", run.stdout)  # the run itself happened and printed
            self.assertTrue((Path(out) / "results.json").exists())
            report_only = subprocess.run(
                [RESIM, "report", str(Path(out) / "results.json"), "--out", out], env=env,
                capture_output=True, text=True)
            self.assertEqual(report_only.returncode, 2)
            self.assertIn("python3-matplotlib", report_only.stderr)

    def test_missing_matplotlib(self):
        # A Python without matplotlib: hide it from the package's import.
        code = ("import sys, runpy; sys.modules['matplotlib'] = None; "
                "sys.argv = ['resim_charts', 'report', 'x.json', '--out', 'y']; "
                "runpy.run_module('resim_charts', run_name='__main__')")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(SOURCE / "reports")))
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("python3-matplotlib", done.stderr)


if __name__ == "__main__":
    unittest.main()
