// A SQL statement the store runs again and again (internal to lib/store). Each Query gets a small
// dense id when it is made; a Connection keeps the statement prepared for it in a slot of that id.
// Define each as a static (namespace scope or function-local) so it is made once:
//   static const Query kOrderState("SELECT state FROM orders WHERE orderId = ?");
#pragma once

#include <cstddef>
#include <string>

namespace jsms::store {

class Query {
 public:
  explicit Query(std::string sql);
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  size_t id() const { return id_; }
  const std::string& sql() const { return sql_; }

 private:
  size_t id_;
  std::string sql_;
};

}  // namespace jsms::store
