// Passwords, tokens and secret comparison, all by libsodium (nothing here is hand-rolled).
// Thread-safe. Used by the store's callers (http, app); the domain never sees a secret's bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace jsms {

// Argon2id cost: OWASP's minimum (m = 19 MiB, t = 2, one lane). About 25 ms per hash here.
inline constexpr unsigned long long kPasswordOpsLimit = 2;
inline constexpr size_t kPasswordMemLimit = size_t{19} * 1024 * 1024;

// Initialises libsodium once (later calls do nothing). False when it cannot run (no entropy
// source): nothing that needs a secret can work then. Every function below calls it too.
bool InitSecrets();

// The Argon2id hash string ($argon2id$v=19$m=19456,t=2,p=1$…) of `password`. kInternal when
// libsodium cannot allocate the memory (logged). Waits while as many hashes as there are cores
// already run (HashingSlots), so a storm of logins cannot take every core.
Status HashPassword(std::string_view password, std::string* hash);

// True when `password` matches `hash` (a HashPassword string). A malformed hash is false.
// Bounded by the same slots as HashPassword.
bool VerifyPassword(const std::string& hash, std::string_view password);

// A hash of a random password with the same cost, made once: verified for logins that do not
// exist so that they take as long as a wrong password for one that does.
const std::string& DummyPasswordHash();

// How many hashes (HashPassword and VerifyPassword together) may run at once: the number of
// cores (at least 1); and the most that ever ran at once in this process (for tests).
int HashingSlots();
int PeakConcurrentHashes();

// `bytes` random bytes (randombytes_buf) as unpadded base64url: 32 bytes give 43 characters.
std::string RandomToken(size_t bytes = 32);

// The 32-byte BLAKE2b digest (crypto_generichash) of a secret: what is stored in place of a
// session id or an API token.
std::string SecretDigest(std::string_view secret);

// Compares two secrets in time independent of where they differ (sodium_memcmp over their
// digests, so their lengths do not show either).
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace jsms
