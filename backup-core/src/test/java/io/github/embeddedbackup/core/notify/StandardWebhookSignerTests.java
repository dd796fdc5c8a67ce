package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Signatures that any Standard Webhooks library accepts. */
class StandardWebhookSignerTests {

    /**
     * The published test vector of the Standard Webhooks reference libraries
     * (standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks, and
     * the same values in its other languages): reproducing it is what proves receivers interoperate.
     */
    @Test
    void reproducesTheStandardWebhooksTestVector() {
        StandardWebhookSigner signer = new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutThePrefixIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new StandardWebhookSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_").message().doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void aSecretWhoseKeyIsNotBase64IsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new StandardWebhookSigner("whsec_not*base64!SECRETPART")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64").message().doesNotContain("SECRETPART");
        assertThatThrownBy(() -> new StandardWebhookSigner("whsec_")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").toString()).doesNotContain("MfKQ9r8");
    }
}
