package io.modelgate.jenkins;

import java.nio.file.Path;

/** Where the library under test is: the module root with vars/, src/, resources/ (set by surefire; the working directory otherwise). */
final class LibraryRoot {

    static final Path PATH = Path.of(System.getProperty("modelgate.library", ".")).toAbsolutePath().normalize();

    private LibraryRoot() {
    }
}
