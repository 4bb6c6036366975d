package io.modelgate.teststage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The files under a base directory that match globs such as {@code build/test-results/**}{@code /*.xml}
 * ({@code *} within a folder, {@code **} across folders, as java.nio's glob syntax). Only the part
 * of the tree below each glob's fixed prefix is walked, and {@code .git} never.
 */
public final class FileGlob {

    private FileGlob() {
    }

    /** Matching regular files as paths relative to {@code base}, sorted, each once. */
    public static List<Path> match(Path base, List<String> globs) {
        TreeSet<Path> found = new TreeSet<>();
        for (String glob : globs) {
            String pattern = glob.replace('\\', '/');
            while (pattern.startsWith("./")) pattern = pattern.substring(2);
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            Path start = base.resolve(fixedPrefix(pattern));
            if (!Files.isDirectory(start)) {
                if (Files.isRegularFile(start) && matcher.matches(base.relativize(start))) found.add(base.relativize(start));
                continue;
            }
            try {
                Files.walkFileTree(start, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        Path relative = base.relativize(file);
                        if (attrs.isRegularFile() && matcher.matches(relative)) found.add(relative);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(found);
    }

    /** The folders before the first wildcard: {@code build/reports/*.xml} gives {@code build/reports}. */
    static String fixedPrefix(String pattern) {
        int wildcard = -1;
        for (int i = 0; i < pattern.length() && wildcard < 0; i++) {
            if ("*?[{".indexOf(pattern.charAt(i)) >= 0) wildcard = i;
        }
        if (wildcard < 0) return pattern;
        int slash = pattern.lastIndexOf('/', wildcard);
        return slash < 0 ? "" : pattern.substring(0, slash);
    }
}
