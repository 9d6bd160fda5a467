// toml++ compiled into cvpdf instead of linking Debian's libtomlplusplus.so: one shared C++
// library fewer to load and bind at every start (docs/performance.md, "Linking").
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
