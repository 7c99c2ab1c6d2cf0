// Password hashes, random tokens and digests (lib/util/secrets.h), all by libsodium.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/accounts.h"
#include "util/secrets.h"

TEST_CASE("secrets: Argon2id at m = 19 MiB, t = 2, the right password verifies, nothing else", "[secrets]") {
  std::string hash, again;
  REQUIRE(jsms::HashPassword("correct horse", &hash).ok());
  REQUIRE(jsms::HashPassword("correct horse", &again).ok());
  CHECK_THAT(hash, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(hash != again);  // salted
  CHECK(hash.find("correct horse") == std::string::npos);
  CHECK(jsms::VerifyPassword(hash, "correct horse"));
  CHECK(jsms::VerifyPassword(again, "correct horse"));
  CHECK_FALSE(jsms::VerifyPassword(hash, "correct horse "));
  CHECK_FALSE(jsms::VerifyPassword(hash, ""));
  CHECK_FALSE(jsms::VerifyPassword("not a hash", "correct horse"));
  CHECK_FALSE(jsms::VerifyPassword(jsms::DummyPasswordHash(), "correct horse"));
  CHECK_THAT(jsms::DummyPasswordHash(), Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
}

TEST_CASE("secrets: tokens are 32 random bytes in unpadded base64url, digests are 32 bytes", "[secrets]") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string token = jsms::RandomToken();
    CHECK(jsms::IsSessionIdShaped(token));
    seen.insert(token);
  }
  CHECK(seen.size() == 50);
  CHECK(jsms::SecretDigest("a").size() == 32);
  CHECK(jsms::SecretDigest("a") == jsms::SecretDigest("a"));
  CHECK(jsms::SecretDigest("a") != jsms::SecretDigest("b"));
  CHECK(jsms::SameSecret("s3cret", "s3cret"));
  CHECK_FALSE(jsms::SameSecret("s3cret", "s3creT"));
  CHECK_FALSE(jsms::SameSecret("s3cret", "s3cret "));
  CHECK_FALSE(jsms::SameSecret("", "s3cret"));
}

TEST_CASE("secrets: no more hashes run at once than there are cores", "[secrets]") {
  const std::string hash = jsms::DummyPasswordHash();
  const int threads = 3 * jsms::HashingSlots() + 1;
  std::atomic<int> verified{0};
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      if (!jsms::VerifyPassword(hash, "wrong")) ++verified;
    });
  }
  for (auto& worker : workers) worker.join();
  CHECK(verified == threads);
  CHECK(jsms::PeakConcurrentHashes() >= 1);
  CHECK(jsms::PeakConcurrentHashes() <= jsms::HashingSlots());
  CHECK(jsms::HashingSlots() == static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}
