package io.github.embeddedbackup.core.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook as the Standard Webhooks specification says (standardwebhooks.com): the secret is
 * {@code whsec_} followed by a base64 key; the signature is {@code v1,} and the base64
 * HMAC-SHA256 of {@code ID.TIMESTAMP.BODY} with that key. Receivers verify with any Standard
 * Webhooks (or Svix) library.
 */
public final class StandardWebhookSigner {

    static final String PREFIX = "whsec_";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** The key sizes the Standard Webhooks specification allows. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    /** @throws IllegalArgumentException when the secret lacks the {@code whsec_} prefix or its key is not base64 (the secret is not echoed) */
    public StandardWebhookSigner(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("The webhook signing secret must start with 'whsec_' followed by a base64 key "
                    + "(e.g. whsec_ and the output of: openssl rand -base64 32).");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The webhook signing secret after 'whsec_' is not valid base64.");
        }
        if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("The webhook signing secret's key is " + bytes.length + " bytes; Standard Webhooks keys are "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes (make one with: echo \"whsec_$(openssl rand -base64 32)\").");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The {@code webhook-signature} header's value, e.g. {@code v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=}. */
    public String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "StandardWebhookSigner";
    }
}
