/**
 * Test support for the fault-matrix suite ({@code @Tag("fault-matrix")}, {@code mvn verify -Dgroups=fault-matrix}):
 * what a fault may leave behind ({@link io.github.embeddedbackup.core.testing.faults.Leftovers}), where a secret may
 * leak ({@link io.github.embeddedbackup.core.testing.faults.SecretScan}), how a stored backup gets damaged
 * ({@link io.github.embeddedbackup.core.testing.faults.Damage}), a program run as a real child JVM
 * ({@link io.github.embeddedbackup.core.testing.faults.ChildJvm}) and a folder even root cannot write
 * ({@link io.github.embeddedbackup.core.testing.faults.ReadOnlyTmpfs}). Shared with the other modules through the test-jar.
 */
package io.github.embeddedbackup.core.testing.faults;
