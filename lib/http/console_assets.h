// The console's files, embedded in the binary at build time (cmake/console_assets.cmake, from
// console/assets.txt): nothing is read from disk or fetched from the internet at run time.
#pragma once

#include <string_view>
#include <vector>

namespace jsms {

struct ConsoleAsset {
  std::string_view url;            // "/", "/console/app.js"
  std::string_view versioned_url;  // "/console/<build id>/app.js" (the page itself: its url)
  const char* content_type;        // "text/javascript;charset=utf-8"
  std::string_view etag;           // a hash of `body`, without quotes
  bool page;                       // the HTML page (never cached) rather than an asset
  std::string_view body;
  std::string_view gzip_body;      // `body` compressed with gzip -9 at build time
};

// Every asset, in assets.txt's order.
const std::vector<ConsoleAsset>& ConsoleAssets();

// A hash of every asset: the version in the versioned URLs.
std::string_view ConsoleBuildId();

}  // namespace jsms
