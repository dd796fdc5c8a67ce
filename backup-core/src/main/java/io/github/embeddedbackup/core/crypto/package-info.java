/**
 * Encryption of archives: a fresh data key per backup, AES-256-GCM streaming AEAD (Tink), and the data
 * key stored only wrapped by a passphrase (scrypt), a 256-bit key, or X25519 public keys (HPKE).
 */
@NullMarked
package io.github.embeddedbackup.core.crypto;

import org.jspecify.annotations.NullMarked;
