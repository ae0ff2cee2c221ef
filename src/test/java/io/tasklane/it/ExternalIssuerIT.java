package io.tasklane.it;

import static io.tasklane.it.TaskApiIT.assertProblem;
import static io.tasklane.support.Api.q;
import static io.tasklane.support.Clients.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasklane.client.TaskEvent;
import io.tasklane.client.TasklaneClient;
import io.tasklane.support.Api;
import io.tasklane.support.ClientEvents;
import io.tasklane.support.Clients;
import io.tasklane.support.PayaraProcess;
import io.tasklane.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An external issuer replaces the built-in one by configuration alone: its tokens are accepted, the
 * built-in token endpoint is off, and tokens of another key or issuer are refused. The callers are
 * Tasklane's Java client with the external token as it is.
 */
class ExternalIssuerIT {
  static final String ISSUER = "https://login.example.test/realms/quant";

  @Test
  void tokens_of_a_configured_external_issuer_are_accepted_and_the_built_in_issuer_is_off()
      throws Exception {
    // The database plays no part here: run once, in the H2 execution.
    assumeFalse("postgresql".equals(System.getProperty("it.database")));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair external = generator.generateKeyPair();
    KeyPair stranger = generator.generateKeyPair();
    Path publicKey =
        Files.createDirectories(Path.of("target", "it-data", "external-issuer"))
            .resolve("issuer.pem");
    Files.writeString(
        publicKey,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(external.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");

    try (TestDatabase db = TestDatabase.create("external")) {
      Map<String, String> environment = new HashMap<>(db.environment());
      environment.put("TASKLANE_AUTH_BUILT_IN_ISSUER", "false");
      environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString());
      environment.put("MP_JWT_VERIFY_ISSUER", ISSUER);
      try (PayaraProcess server = PayaraProcess.start("external-issuer", environment);
          Clients clients = new Clients(server.baseUrl(), null)) {
        Api anonymous = Api.anonymous(server.baseUrl());
        TasklaneClient erin = clients.withToken(token(external, ISSUER, "erin", List.of("user")));

        assertEquals(
            0,
            erin.tasks().list(null, null, null, null, null, null, null, null, null, 0, 50).total());
        // Its tokens carry no token generation and name no local account: they count until they
        // expire, on the event stream too (listening returns once the stream is connected).
        ClientEvents events = clients.listen(erin);
        assertTrue(
            events.received().get(0) instanceof TaskEvent.InitialState,
            events.received()::toString);
        assertEquals(403, refusal(() -> erin.users().list()));

        TasklaneClient strangersAdmin =
            clients.withToken(token(stranger, ISSUER, "erin", List.of("admin")));
        assertEquals(
            401,
            refusal(
                () ->
                    strangersAdmin
                        .tasks()
                        .list(null, null, null, null, null, null, null, null, null, 0, 50)));
        TasklaneClient evilAdmin =
            clients.withToken(token(external, "https://evil.test", "erin", List.of("admin")));
        assertEquals(
            401,
            refusal(
                () ->
                    evilAdmin
                        .tasks()
                        .list(null, null, null, null, null, null, null, null, null, 0, 50)));
        assertProblem(
            404,
            anonymous.post("api/auth/token", q("{'username':'admin','password':'whatever-it-is'}")),
            "built-in token issuer is disabled");
      }
    }
  }

  static String token(KeyPair keys, String issuer, String user, List<String> groups)
      throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            // Payara rejects tokens without typ JWT, as real issuers send them.
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(com.nimbusds.jose.JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user)
                .claim("upn", user)
                .claim("groups", groups)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(java.util.UUID.randomUUID().toString())
                .build());
    jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
    return jwt.serialize();
  }
}
