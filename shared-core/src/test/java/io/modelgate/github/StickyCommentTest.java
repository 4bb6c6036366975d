package io.modelgate.github;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StickyCommentTest {

    private final String marker = StickyComment.marker("CI", "fraud");

    @Test
    void markerIsAHiddenHtmlCommentThatUserTextCannotClose() {
        assertEquals("<!-- modelgate:CI:fraud -->", marker);
        assertEquals("<!-- modelgate:a-b-c:x -->", StickyComment.marker("a--b:c", "x>"));
    }

    @Test
    void aStepsSectionIsReplacedAndOthersKept() {
        String first = StickyComment.merge(null, marker, "unit-tests", "10 passed");
        String both = StickyComment.merge(first, marker, "validate-model", "table v1");
        String updated = StickyComment.merge(both, marker, "validate-model", "table v2\n");
        assertEquals("""
                <!-- modelgate:CI:fraud -->
                <!-- modelgate-step:unit-tests -->
                10 passed
                <!-- /modelgate-step:unit-tests -->

                <!-- modelgate-step:validate-model -->
                table v2
                <!-- /modelgate-step:validate-model -->
                """, updated);
    }
}
