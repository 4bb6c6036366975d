package io.modelgate.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureTest {

    private static final byte[] BODY = "{\"entity\": \"model_version\", \"action\": \"created\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aDeliverySignedWithTheSecretVerifies() {
        String header = Signature.sign("s3cret", "d-1", "1767225600", BODY);
        assertTrue(header.startsWith("v1,"), header);
        assertTrue(Signature.verify(List.of("s3cret"), "d-1", "1767225600", BODY, header));
    }

    @Test
    void anyChangeOfSecretIdTimestampOrBodyFails() {
        String header = Signature.sign("s3cret", "d-1", "1767225600", BODY);
        assertFalse(Signature.verify(List.of("other"), "d-1", "1767225600", BODY, header));
        assertFalse(Signature.verify(List.of("s3cret"), "d-2", "1767225600", BODY, header));
        assertFalse(Signature.verify(List.of("s3cret"), "d-1", "1767225601", BODY, header));
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] = 'X';
        assertFalse(Signature.verify(List.of("s3cret"), "d-1", "1767225600", tampered, header));
    }

    @Test
    void duringARotationEitherSecretVerifies() {
        List<String> both = List.of("new-secret", "old-secret");
        assertTrue(Signature.verify(both, "d", "1", BODY, Signature.sign("old-secret", "d", "1", BODY)));
        assertTrue(Signature.verify(both, "d", "1", BODY, Signature.sign("new-secret", "d", "1", BODY)));
        assertFalse(Signature.verify(both, "d", "1", BODY, Signature.sign("third", "d", "1", BODY)));
    }

    @Test
    void aHeaderMayCarrySeveralSignaturesAndJunkIsNoMatch() {
        String good = Signature.sign("k", "d", "1", BODY);
        assertTrue(Signature.verify(List.of("k"), "d", "1", BODY, "v1,AAAA " + good));
        assertFalse(Signature.verify(List.of("k"), "d", "1", BODY, "v1,not*base64"));
        assertFalse(Signature.verify(List.of("k"), "d", "1", BODY, good.replace("v1,", "v2,")));
        assertFalse(Signature.verify(List.of("k"), "d", "1", BODY, null));
        assertEquals(good, Signature.sign("k", "d", "1", BODY), "deterministic");
    }
}
