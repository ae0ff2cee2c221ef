package io.tasklane.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Issues RS256 tokens in the MicroProfile JWT shape ({@code upn}, {@code groups}) for accounts,
 * with the account's token generation ({@value TokenRevocation#CLAIM}) so they can be revoked.
 */
@ApplicationScoped
public class TokenIssuer {
  @Inject SigningKeys keys;
  @Inject Clock clock;

  @Inject @ConfigProperties AuthConfig config;

  private RSASSASigner signer;
  private String keyId;

  public record IssuedToken(String accessToken, Duration lifetime) {}

  @PostConstruct
  void prepare() {
    signer = new RSASSASigner(keys.privateKey());
    try {
      keyId = new RSAKey.Builder(keys.publicKey()).build().computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot compute the signing key's thumbprint", e);
    }
  }

  public IssuedToken issue(AppUser user) {
    Instant now = Instant.now(clock);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(config.issuer)
            .subject(user.username())
            .claim("upn", user.username())
            .claim("groups", new ArrayList<>(user.roles()))
            .claim(TokenRevocation.CLAIM, user.tokenGeneration())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(config.tokenLifetimeSeconds)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(keyId).build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
    return new IssuedToken(jwt.serialize(), Duration.ofSeconds(config.tokenLifetimeSeconds));
  }
}
