#include "util/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "util/log.h"

namespace jsms {

namespace {

// A counting semaphore (std::counting_semaphore is C++20) over the password hashes.
class HashingGate {
 public:
  HashingGate() : slots_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {}

  int slots() const { return slots_; }
  int peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }

  template <typename Fn>
  auto Run(Fn&& fn) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      free_.wait(lock, [this] { return running_ < slots_; });
      peak_ = std::max(peak_, ++running_);
    }
    struct Release {
      HashingGate* gate;
      ~Release() {
        {
          std::lock_guard<std::mutex> lock(gate->mutex_);
          --gate->running_;
        }
        gate->free_.notify_one();
      }
    } release{this};
    return fn();
  }

 private:
  const int slots_;
  std::mutex mutex_;
  std::condition_variable free_;
  int running_ = 0;
  int peak_ = 0;
};

HashingGate& Gate() {
  static HashingGate gate;
  return gate;
}

}  // namespace

bool InitSecrets() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

Status HashPassword(std::string_view password, std::string* hash) {
  if (!InitSecrets()) return Status::Internal();
  char out[crypto_pwhash_STRBYTES];
  int failed = Gate().Run([&] {
    return crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordOpsLimit, kPasswordMemLimit,
                                 crypto_pwhash_ALG_ARGON2ID13);
  });
  if (failed != 0) {
    LogError("hashing a password", "crypto_pwhash_str_alg failed (out of memory?)");
    return Status::Internal();
  }
  hash->assign(out);
  sodium_memzero(out, sizeof out);
  return Status::Ok();
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!InitSecrets()) return false;
  return Gate().Run([&] { return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0; });
}

const std::string& DummyPasswordHash() {
  static const std::string dummy = [] {
    std::string hash;
    if (!HashPassword(RandomToken(), &hash).ok()) hash = "$argon2id$";  // verifies nothing, quickly
    return hash;
  }();
  return dummy;
}

int HashingSlots() { return Gate().slots(); }
int PeakConcurrentHashes() { return Gate().peak(); }

std::string RandomToken(size_t bytes) {
  InitSecrets();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string text(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.find('\0'));  // the encoded length counts the terminating NUL
  sodium_memzero(raw.data(), raw.size());
  return text;
}

std::string SecretDigest(std::string_view secret) {
  InitSecrets();
  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr, 0);
  return digest;
}

bool SameSecret(std::string_view a, std::string_view b) {
  std::string da = SecretDigest(a), db = SecretDigest(b);
  return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
}

}  // namespace jsms
