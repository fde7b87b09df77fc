#include "fpnnclient.h"
