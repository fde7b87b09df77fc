#include "categorytable.h"

#include <QCoreApplication>
#include <QLatin1StringView>

namespace rtm {

std::optional<MessageCategory> categoryFromCliWord(QStringView word)
{
    for (const CategoryRow &row : Categories) {
        if (word == QLatin1StringView(row.cliWord))
            return row.category;
    }
    return std::nullopt;
}

QString categoryDisplayName(MessageCategory category)
{
    return QCoreApplication::translate(CategoryTrContext, categoryRow(category).displayName);
}

QString categoryLogName(int type)
{
    if (const CategoryRow *row = findCategory(type))
        return QLatin1StringView(row->logName).toString();
    return QStringLiteral("type %1").arg(type);
}

} // namespace rtm
