package io.modelgate.teststage;

import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentLockTest {

    @TempDir
    Path dir;

    private EnvironmentLock acquire(Duration wait, List<String> heard) {
        return EnvironmentLock.acquire(dir, "fraud detection", "staging", wait, "--lock-timeout", "https://ci/run/7", Clock.systemUTC(), heard::add);
    }

    @Test
    void aSecondRunWaitsThenGivesUpNamingTheHolder() {
        List<String> heard = new ArrayList<>();
        try (EnvironmentLock held = acquire(Duration.ZERO, heard)) {
            assertEquals(dir.resolve("fraud_detection-staging.lock"), held.file());
            Fault busy = assertThrows(Fault.class, () -> acquire(Duration.ofMillis(400), heard));
            assertEquals(Fault.Kind.INFRASTRUCTURE, busy.kind());
            String pid = "pid " + ProcessHandle.current().pid();
            assertTrue(busy.getMessage().startsWith("environment staging is busy: another run holds " + held.file() + " (" + pid + ", host "), busy.getMessage());
            assertTrue(busy.getMessage().contains("started at 20") && busy.getMessage().contains("run https://ci/run/7"), busy.getMessage());
            assertTrue(busy.getMessage().endsWith("gave up after waiting 400ms. Raise --lock-timeout, or check that run"), busy.getMessage());
            assertEquals(1, heard.size(), "told once that it waits: " + heard);
        }
        try (EnvironmentLock again = acquire(Duration.ZERO, heard)) {
            assertTrue(again.file().toFile().exists(), "released on close, taken again");
        }
    }

    @Test
    void aLockFileThatIsASymbolicLinkIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path precious = Files.writeString(dir.resolve("precious.txt"), "do not truncate me\n");
        Files.createSymbolicLink(dir.resolve("fraud_detection-staging.lock"), precious);
        Fault refused = assertThrows(Fault.class, () -> acquire(Duration.ZERO, new ArrayList<>()));
        assertTrue(refused.getMessage().contains("is not a regular file (a symbolic link?)"), refused.getMessage());
        assertEquals("do not truncate me\n", Files.readString(precious));
    }

    @Test
    void theDefaultFolderIsTheUsersOwnAndPrivate() throws Exception {
        String user = System.getProperty("user.name");
        Path made = EnvironmentLock.defaultDirectory(dir, user);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        Files.setPosixFilePermissions(made, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Fault open = assertThrows(Fault.class, () -> EnvironmentLock.defaultDirectory(dir, user));
        assertTrue(open.getMessage().endsWith("may be written by other users: refusing to lock there; remove it, or set MODELGATE_LOCK_DIR to a folder of yours"),
                open.getMessage());
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("modelgate-locks-planted"), elsewhere);
        Fault link = assertThrows(Fault.class, () -> EnvironmentLock.defaultDirectory(dir, "planted"));
        assertTrue(link.getMessage().contains("is not a folder (a symbolic link?)"), link.getMessage());
    }

    @Test
    @Tag("e2e")
    void aLockHeldByAProcessThatIsKilledIsFreedByTheSystem() throws Exception {
        Path file = dir.resolve("fraud_detection-staging.lock");
        // Python's lockf takes the same POSIX record lock as Java's FileChannel.tryLock.
        Process holder = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\nf = open(sys.argv[1], 'a+')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX)\nf.write('pid crashed-holder\\n'); f.flush()\nprint('locked', flush=True)\ntime.sleep(120)\n", file.toString())
                .redirectErrorStream(true).start();
        try {
            String first = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("locked", first);
            Fault busy = assertThrows(Fault.class, () -> acquire(Duration.ofMillis(300), new ArrayList<>()));
            assertTrue(busy.getMessage().contains("(pid crashed-holder)"), busy.getMessage());
            holder.destroyForcibly();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            try (EnvironmentLock taken = acquire(Duration.ofSeconds(5), new ArrayList<>())) {
                assertEquals(file, taken.file());
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
