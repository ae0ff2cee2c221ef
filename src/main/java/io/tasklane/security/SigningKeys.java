package io.tasklane.security;

import io.tasklane.system.DataDirectory;
import io.tasklane.system.DeploymentConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The built-in issuer's RSA key pair. Generated at first start into the data directory (or read
 * from {@code tasklane.auth.private-key-location}, which instances of a cluster share), with the
 * public half written where MicroProfile JWT reads it ({@code mp.jwt.verify.publickey.location}).
 */
@Startup
@Singleton
@DependsOn("DatabaseMigration")
public class SigningKeys {
  private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

  @Inject @ConfigProperties DeploymentConfig deployment;

  @Inject @ConfigProperties AuthConfig auth;

  private RSAPrivateCrtKey privateKey;
  private RSAPublicKey publicKey;

  @PostConstruct
  void load() {
    try {
      Path dir = DataDirectory.create(Path.of(deployment.dataDir));
      Path privatePem =
          auth.privateKeyLocation.map(Path::of).orElse(dir.resolve("jwt-private.pem"));
      if (!Files.exists(privatePem)) {
        generate(privatePem);
      }
      privateKey = readPrivate(privatePem);
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      publicKey =
          (RSAPublicKey)
              rsa.generatePublic(
                  new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      writeAtomically(dir.resolve("jwt-public.pem"), pem("PUBLIC KEY", publicKey.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot prepare the token signing keys in " + deployment.dataDir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the token signing key", e);
    }
  }

  private static void generate(Path privatePem) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
    writeAtomically(privatePem, pem("PRIVATE KEY", encoded));
    try {
      Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing more we can do
    }
    LOG.info(() -> "Generated a new token signing key at " + privatePem.toAbsolutePath());
  }

  private static RSAPrivateCrtKey readPrivate(Path pem)
      throws IOException, GeneralSecurityException {
    String body =
        Files.readString(pem, StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return (RSAPrivateCrtKey)
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    Path tmp =
        Files.createTempFile(
            target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public RSAPrivateCrtKey privateKey() {
    return privateKey;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }
}
