package io.tasklane.quantconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantConnectAuthenticationTest {
  // Expected values computed independently with coreutils:
  //   echo -n 'secret-token:1700000000' | sha256sum
  //   echo -n '42:<that hash>' | base64 -w0
  @Test
  void hash_is_lower_case_hex_sha256_of_token_colon_timestamp() {
    assertEquals(
        "efd1a989a3eb6a91d45f65c1ab644c8461309bb49925e3e6170f3e8fba191859",
        QuantConnectAuthentication.hash("secret-token", 1_700_000_000L));
  }

  @Test
  void header_is_basic_auth_of_user_id_and_hash() {
    assertEquals(
        "Basic NDI6ZWZkMWE5ODlhM2ViNmE5MWQ0NWY2NWMxYWI2NDRjODQ2MTMwOWJiNDk5MjVlM2U2MTcwZjNlOGZiYTE5MTg1OQ==",
        QuantConnectAuthentication.header("42", "secret-token", 1_700_000_000L));
  }
}
