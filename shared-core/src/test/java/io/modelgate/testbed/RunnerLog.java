package io.modelgate.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's log read as the GitHub Actions runner reads it: the workflow commands it would carry
 * out, honouring {@code ::stop-commands::<token>} until {@code ::<token>::} (the runner's
 * ActionCommandManager; the toolkit's command.ts).
 */
public final class RunnerLog {

    private static final Pattern COMMAND = Pattern.compile("^::([A-Za-z-]+)( [^:]*)?::(.*)$");
    /** The runner's older form, still read: {@code ##[error]message}. */
    private static final Pattern LEGACY = Pattern.compile("^##\\[([A-Za-z-]+)([^\\]]*)\\](.*)$");

    private RunnerLog() {
    }

    /** The commands the runner would carry out, as their lines, stop and resume left out. */
    public static List<String> commands(String log) {
        List<String> commands = new ArrayList<>();
        String stoppedBy = null;
        for (String line : log.lines().toList()) {
            String trimmed = line.stripLeading();
            if (stoppedBy != null) {
                if (trimmed.equals("::" + stoppedBy + "::")) stoppedBy = null;
                continue;
            }
            Matcher command = COMMAND.matcher(trimmed);
            if (!command.matches()) command = LEGACY.matcher(trimmed);
            if (!command.matches()) continue;
            if (command.group(1).equals("stop-commands")) {
                stoppedBy = command.group(3);
            } else {
                commands.add(trimmed);
            }
        }
        return commands;
    }
}
