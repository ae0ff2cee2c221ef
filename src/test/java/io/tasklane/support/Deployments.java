package io.tasklane.support;

import java.io.File;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR under test is the one the build packaged, so the tests exercise the real artifact. */
public final class Deployments {
  public static final String ADMIN_PASSWORD = "it-admin-secret";

  private Deployments() {}

  public static WebArchive tasklane() {
    File war = new File(System.getProperty("tasklane.war", "target/tasklane.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          "Package the WAR first (mvn verify): " + war.getAbsolutePath());
    }
    return ShrinkWrap.create(ZipImporter.class, "tasklane.war")
        .importFrom(war)
        .as(WebArchive.class);
  }

  /** The server listens on loopback only; Arquillian may name the machine's public address. */
  public static String loopback(URL deployed) {
    return "http://127.0.0.1:" + deployed.getPort() + deployed.getPath();
  }

  /** A name unique to this run, so tests never collide with data of earlier runs (PostgreSQL). */
  public static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime(), 36);
  }
}
