package io.tasklane.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tasklane.system.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokenVerifierTest {
  static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");
  static final KeyPair KEYS = generate();
  static final KeyPair OTHER = generate();

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JWKSet trusted() {
    return new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).build());
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("tasklane")
        .subject("alice")
        .claim("upn", "alice")
        .claim("groups", List.of("user"))
        .expirationTime(Date.from(NOW.plusSeconds(600)));
  }

  static String sign(KeyPair keys, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("k1").build(),
            claims);
    jwt.sign(new RSASSASigner(keys.getPrivate()));
    return jwt.serialize();
  }

  static VerifiedToken verify(String token) {
    return BearerTokenVerifier.verify(token, trusted(), "tasklane", NOW);
  }

  static void assertRefused(String token, String why) {
    ProblemException e = assertThrows(ProblemException.class, () -> verify(token));
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(token.length() > 20 && e.getMessage().contains(token), "never echo the token");
  }

  @Test
  void a_good_token_names_the_caller_their_role_and_its_expiry() throws Exception {
    VerifiedToken verified = verify(sign(KEYS, claims().build()));
    assertEquals(new Caller("alice", false), verified.caller());
    assertEquals(NOW.plusSeconds(600), verified.expiresAt());
  }

  @Test
  void the_token_generation_is_read_from_its_claim_or_null_without_one() throws Exception {
    assertEquals(
        4L, verify(sign(KEYS, claims().claim("token_generation", 4).build())).tokenGeneration());
    assertEquals(null, verify(sign(KEYS, claims().build())).tokenGeneration());
  }

  @Test
  void an_admin_token_is_an_admin() throws Exception {
    VerifiedToken verified =
        verify(sign(KEYS, claims().claim("groups", List.of("admin", "user")).build()));
    assertTrue(verified.caller().admin());
  }

  @Test
  void an_expired_token_is_refused() throws Exception {
    assertRefused(
        sign(KEYS, claims().expirationTime(Date.from(NOW.minusSeconds(1))).build()), "expired");
    assertRefused(sign(KEYS, claims().expirationTime(Date.from(NOW)).build()), "expired");
  }

  @Test
  void a_token_without_expiry_is_refused() throws Exception {
    assertRefused(sign(KEYS, claims().expirationTime(null).build()), "expired");
  }

  @Test
  void a_token_signed_by_another_key_is_refused() throws Exception {
    assertRefused(sign(OTHER, claims().build()), "not signed by a trusted issuer");
  }

  @Test
  void a_token_of_another_issuer_is_refused() throws Exception {
    assertRefused(sign(KEYS, claims().issuer("evil").build()), "issuer");
  }

  @Test
  void a_token_without_a_role_of_this_service_is_refused() throws Exception {
    assertRefused(sign(KEYS, claims().claim("groups", List.of("guest")).build()), "role");
    assertRefused(sign(KEYS, claims().claim("groups", null).build()), "role");
  }

  @Test
  void a_tampered_token_is_refused() throws Exception {
    String token = sign(KEYS, claims().build());
    String[] parts = token.split("\\.");
    String admin =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .claim("groups", List.of("admin"))
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));
    assertRefused(parts[0] + "." + admin + "." + parts[2], "not signed by a trusted issuer");
  }

  @Test
  void a_symmetric_or_malformed_token_is_refused() throws Exception {
    SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    hs.sign(new MACSigner(new byte[32]));
    assertRefused(hs.serialize(), "RS256");
    assertRefused("not-a-token", "not a signed JWT");
  }

  @Test
  void keys_are_read_from_pem_or_jwks() throws Exception {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    String token = sign(KEYS, claims().build());
    assertEquals(
        "alice",
        BearerTokenVerifier.verify(token, BearerTokenVerifier.parseKeys(pem), "tasklane", NOW)
            .caller()
            .name());
    String jwks =
        new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic()).keyID("k1").build())
            .toString();
    assertEquals(
        "alice",
        BearerTokenVerifier.verify(token, BearerTokenVerifier.parseKeys(jwks), "tasklane", NOW)
            .caller()
            .name());
  }
}
