package io.modelgate.teststage;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Caps what an XML parser would hold whole in memory while it streams a report: an attribute
 * value, a comment, a processing instruction and a CDATA section (plain text it passes on in
 * pieces). A larger one stops the read with {@link TooLarge}, naming its line, before the parser
 * can run out of memory on it.
 */
final class MarkupLimits extends FilterReader {

    /** Characters of an attribute value, comment or processing instruction. */
    static final int MAX_MARKUP = 4 * 1024 * 1024;
    /** Characters of a CDATA section: surefire writes a test's whole output as one. */
    static final int MAX_CDATA = 32 * 1024 * 1024;

    /** The construct that is too large and the line it starts on. */
    static final class TooLarge extends IOException {
        final int line;

        TooLarge(String what, int limit, int line) {
            super(what + " longer than " + limit / (1024 * 1024) + " Mi characters: not read (a report this large is not a test report)");
            this.line = line;
        }
    }

    private enum State { TEXT, OPEN, BANG, TAG, VALUE, COMMENT, CDATA, INSTRUCTION, DECLARATION }

    private State state = State.TEXT;
    private final StringBuilder bang = new StringBuilder();
    private char quote;
    private int run;
    private int line = 1;
    private int startLine;
    /** The last characters seen, to find the end of a comment, CDATA section or instruction. */
    private char last1;
    private char last2;

    MarkupLimits(Reader in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) see((char) c);
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        for (int i = 0; i < read; i++) see(buffer[offset + i]);
        return read;
    }

    private void see(char c) throws TooLarge {
        if (c == '\n') line++;
        switch (state) {
            case TEXT -> {
                if (c == '<') state = State.OPEN;
            }
            case OPEN -> {
                startLine = line;
                run = 0;
                if (c == '!') {
                    bang.setLength(0);
                    state = State.BANG;
                } else if (c == '?') {
                    state = State.INSTRUCTION;
                } else {
                    state = State.TAG;
                }
            }
            case BANG -> {
                bang.append(c);
                if (bang.toString().equals("--")) {
                    state = State.COMMENT;
                } else if (bang.toString().equals("[CDATA[")) {
                    state = State.CDATA;
                } else if (!"--".startsWith(bang.toString()) && !"[CDATA[".startsWith(bang.toString())) {
                    state = c == '>' ? State.TEXT : State.DECLARATION;
                }
            }
            case TAG -> {
                if (c == '"' || c == '\'') {
                    quote = c;
                    run = 0;
                    startLine = line;
                    state = State.VALUE;
                } else if (c == '>') {
                    state = State.TEXT;
                }
            }
            case VALUE -> {
                if (c == quote) state = State.TAG;
                else count("an attribute value", MAX_MARKUP);
            }
            case COMMENT -> end(c == '>' && last1 == '-' && last2 == '-', "a comment", MAX_MARKUP);
            case CDATA -> end(c == '>' && last1 == ']' && last2 == ']', "a CDATA section", MAX_CDATA);
            case INSTRUCTION -> end(c == '>' && last1 == '?', "a processing instruction", MAX_MARKUP);
            case DECLARATION -> end(c == '>', "a declaration", MAX_MARKUP);
        }
        last2 = last1;
        last1 = c;
    }

    private void end(boolean ended, String what, int limit) throws TooLarge {
        if (ended) state = State.TEXT;
        else count(what, limit);
    }

    private void count(String what, int limit) throws TooLarge {
        if (++run > limit) throw new TooLarge(what, limit, startLine);
    }
}
