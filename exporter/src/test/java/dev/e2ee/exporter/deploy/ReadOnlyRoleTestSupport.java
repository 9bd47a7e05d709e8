package dev.e2ee.exporter.deploy;

import dev.e2ee.exporter.testing.TestDatabase;

/** Lets other tests (check) set up the deployment's read-only role the same way. */
public final class ReadOnlyRoleTestSupport {
  private ReadOnlyRoleTestSupport() {}

  public static void applyRoleSql(TestDatabase db) throws Exception {
    ReadOnlyRoleTest.applyRoleSql(db);
  }
}
