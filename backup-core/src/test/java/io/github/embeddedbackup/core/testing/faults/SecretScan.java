package io.github.embeddedbackup.core.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A secret (a password, a passphrase, a key) and the forms it may leak in: as is, base64 (with and without
 * padding, standard and URL alphabet) and URL-encoded. Asserts it appears in none of the texts a user or a
 * log collector sees.
 */
public final class SecretScan {

    private final String secret;
    private final List<String> forms;

    private SecretScan(String secret) {
        if (secret.length() < 6) {
            throw new IllegalArgumentException("a secret shorter than 6 characters would match by chance; use a longer one");
        }
        this.secret = secret;
        this.forms = forms(secret);
    }

    public static SecretScan of(String secret) {
        return new SecretScan(secret);
    }

    /** Every form searched for: the secret, its base64 and URL-encoded forms. */
    public List<String> forms() {
        return forms;
    }

    /** Fails when any text holds the secret in any form; {@code where} names the texts in the failure. */
    public SecretScan assertAbsentFrom(String where, String... texts) {
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String form : forms) {
                assertThat(text.contains(form))
                        .as("%s contains the secret%s", where, form.equals(secret) ? "" : " (encoded as " + form + ")")
                        .isFalse();
            }
        }
        return this;
    }

    /** Fails when the exception's message, {@code toString()} or stack trace, causes and suppressed included, holds the secret. */
    public SecretScan assertAbsentFrom(Throwable thrown) {
        return assertAbsentFrom("the exception " + thrown.getClass().getName(), everythingOf(thrown));
    }

    /** Message, toString and the printed stack trace (which lists causes and suppressed exceptions) of every throwable in the chain. */
    public static String everythingOf(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            all.append(t.getMessage()).append('\n').append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed.getMessage()).append('\n').append(suppressed).append('\n');
            }
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return all.append(trace).toString();
    }

    private static List<String> forms(String secret) {
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(Base64.getEncoder().encodeToString(utf8));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(utf8));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        return List.copyOf(new ArrayList<>(forms));
    }

    @Override
    public String toString() {
        return "SecretScan[" + secret.length() + " characters]"; // never the secret itself
    }
}
