#include "fpnnserver.h"
