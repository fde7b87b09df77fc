#include "historycursor.h"

namespace service {

rtm::RtmError checkCursorAdvanced(bool desc, qint64 previousLastId, qint64 pageLastId)
{
    // lastid 0 means "from the start": after a full page it would begin the history again.
    const bool advanced = pageLastId != 0
        && (previousLastId == 0 || (desc ? pageLastId < previousLastId : pageLastId > previousLastId));
    if (advanced)
        return {};
    return rtm::RtmError::fromCode(rtm::CursorNotAdvancing,
                                   QStringLiteral("lastid %1 after %2 (%3 paging)")
                                       .arg(pageLastId)
                                       .arg(previousLastId)
                                       .arg(desc ? QStringLiteral("descending") : QStringLiteral("ascending")));
}

} // namespace service
