"""The peer: the same aggregation with junitparser. Reads every report, counts totals and
failures, writes a Markdown summary of the failures and one merged JUnit XML file.

Usage: python junitparser_aggregate.py REPORTS_DIR OUT_DIR
"""
import glob
import os
import sys

from junitparser import Error, Failure, JUnitXml, Skipped


def main():
    reports, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    merged = JUnitXml()
    total = failed = skipped = 0
    seconds = 0.0
    failures = []
    for path in sorted(glob.glob(os.path.join(reports, "*.xml"))):
        xml = JUnitXml.fromfile(path)
        suites = [xml] if xml._tag == "testsuite" else list(xml)
        for suite in suites:
            merged.add_testsuite(suite)
            for case in suite:
                total += 1
                seconds += case.time or 0
                for result in case.result:
                    if isinstance(result, (Failure, Error)):
                        failed += 1
                        failures.append((f"{case.classname}.{case.name}", result.message or ""))
                        break
                    if isinstance(result, Skipped):
                        skipped += 1
                        break
    with open(os.path.join(out, "result.md"), "w") as md:
        md.write(f"### {failed} of {total} tests failed ({skipped} skipped, {seconds:.1f}s)\n\n| test | message |\n| --- | --- |\n")
        for name, message in failures[:50]:
            md.write(f"| {name} | {message} |\n")
    merged.write(os.path.join(out, "junit.xml"))
    print(f"{total} tests, {failed} failed")


if __name__ == "__main__":
    main()
