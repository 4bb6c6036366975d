package io.modelgate.jenkins;

import io.modelgate.report.ReportWriter;
import io.modelgate.secret.SecretMasker;
import io.modelgate.fault.Fault;
import io.modelgate.step.StepResult;
import io.modelgate.step.Verdict;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the command line leaves behind for a verdict, written by the core's own ReportWriter, so
 * the library reads reports of the real shape (result.json, result.md, junit-step.xml).
 * The contract test runs the real jar instead.
 */
public final class CoreAnswers {

    private CoreAnswers() {
    }

    /** Writes the reports of a result with this exit code into outputDir; returns the exit code. */
    /** What a ModelgateStep sh script asks of the jar: the words after -jar "$MODELGATE_JAR", e.g. "promote-model --params-file ...". */
    public static String invocation(String script) {
        String jar = "-jar \"$MODELGATE_JAR\" ";
        int at = script.indexOf(jar);
        int end = script.indexOf(" || s=$?", at);
        if (at < 0 || end < 0) throw new IllegalArgumentException("not a modelgate step script: " + script);
        return script.substring(at + jar.length(), end);
    }

    /** The step a ModelgateStep sh script runs. */
    public static String step(String script) {
        return invocation(script).split(" ", 2)[0];
    }

    public static int write(Path outputDir, String step, int exitCode, String headline, Map<String, String> outputs) {
        StepResult.Builder builder = switch (exitCode) {
            case 0 -> StepResult.builder(step, Verdict.PASSED, headline).check(step, Verdict.PASSED, headline);
            case 1 -> StepResult.builder(step, Verdict.FAILED, headline).check(step, Verdict.FAILED, headline);
            case 2 -> StepResult.builder(step, Verdict.ERROR, headline).errorKind(Fault.Kind.USAGE);
            case 3 -> StepResult.builder(step, Verdict.ERROR, headline).errorKind(Fault.Kind.INFRASTRUCTURE);
            default -> throw new IllegalArgumentException("exit code " + exitCode);
        };
        outputs.forEach(builder::output);
        StepResult result = ReportWriter.write(builder.build(), outputDir, SecretMasker.none());
        if (result.exitCode() != exitCode) {
            throw new IllegalStateException("the core maps this verdict to exit " + result.exitCode());
        }
        return exitCode;
    }
}
