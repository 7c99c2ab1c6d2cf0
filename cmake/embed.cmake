# Turns INPUT into a header defining `inline constexpr char SYMBOL[]` (NUL-terminated) at OUTPUT.
# Run as `cmake -DINPUT=… -DOUTPUT=… -DSYMBOL=… -P embed.cmake` from add_custom_command, so editing
# the input file rebuilds the header (it lives in the build tree, never the source tree).
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
string(REGEX REPLACE "(([^,]*,){16})" "\\1\n" bytes "${bytes}")
get_filename_component(name "${INPUT}" NAME)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${name} by cmake/embed.cmake. Do not edit.\n#pragma once\n"
  "inline constexpr char ${SYMBOL}[] = {\n${bytes}'\\0'};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
