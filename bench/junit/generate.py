"""Writes a project with FILES JUnit XML reports holding CASES test cases, FAILURE_RATE of them failing.

Usage: python3 bench/junit/generate.py DIR [FILES] [CASES] [FAILURE_RATE]
The reports look like surefire's (classname, name, time; failures with a message, a type and a
stack trace of about 25 frames; some system-out), so parsing costs what it costs in real use.
The failures are spread evenly, so every run of the benchmark reads the same data.
"""
import os
import sys


def main():
    root = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    cases = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 0.02
    per_file = cases // files
    every = round(1 / rate)
    reports = os.path.join(root, "reports")
    os.makedirs(reports, exist_ok=True)
    n = 0
    for f in range(files):
        cls = f"com.example.module{f % 20}.Feature{f}Test"
        rows = []
        failures = 0
        for c in range(per_file):
            n += 1
            name = f"scenario{c}_checks_rows"
            time = f"{(n % 97) / 1000:.3f}"
            if n % every == 0:
                failures += 1
                trace = "\n".join(
                    [f"org.opentest4j.AssertionFailedError: expected: &lt;{c}&gt; but was: &lt;{c + 1}&gt;"]
                    + [f"\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:{i + 38})" for i in range(12)]
                    + [f"\tat {cls}.{name}({cls.rsplit('.', 1)[1]}.java:{40 + c})"]
                    + [f"\tat java.base/java.lang.reflect.Method.invoke(Method.java:{i + 569})" for i in range(12)])
                rows.append(f'  <testcase name="{name}" classname="{cls}" time="{time}">\n'
                            f'    <failure message="expected: &lt;{c}&gt; but was: &lt;{c + 1}&gt;" '
                            f'type="org.opentest4j.AssertionFailedError"><![CDATA[{trace}\n]]></failure>\n'
                            f'    <system-out><![CDATA[scoring batch {c}\n]]></system-out>\n  </testcase>')
            else:
                rows.append(f'  <testcase name="{name}" classname="{cls}" time="{time}"/>')
        with open(os.path.join(reports, f"TEST-{cls}.xml"), "w") as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="{cls}" tests="{per_file}" '
                      f'failures="{failures}" errors="0" skipped="0" time="1.0">\n'
                      + "\n".join(rows) + "\n</testsuite>\n")
    with open(os.path.join(root, "modelgate.yaml"), "w") as out:
        # touch: the step ignores reports older than its run (stale ones from an earlier build).
        out.write("project: bench\ntests:\n  unit: { command: \"touch reports/*.xml\", reports: \"reports/*.xml\" }\n")


if __name__ == "__main__":
    main()
