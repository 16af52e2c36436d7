#ifndef GRADLAB_CCMARKGFM_SHIM_H
#define GRADLAB_CCMARKGFM_SHIM_H
// cmark-gfm, CommonMark's reference implementation with GitHub's extensions
// (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev). The notebook's
// HTML prose and the tours' terminal prose are parsed by it. The API is plain
// C functions, so nothing needs wrapping here.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#endif
