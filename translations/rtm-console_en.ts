<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>service::AuditTrailLine</name>
    <message numerus="yes">
        <source>binary, %n byte(s)</source>
        <translation>
            <numerusform>binary, %n byte</numerusform>
            <numerusform>binary, %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>service::HistoryModel</name>
    <message numerus="yes">
        <source>[binary, %n byte(s)] </source>
        <translation>
            <numerusform>[binary, %n byte] </numerusform>
            <numerusform>[binary, %n bytes] </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>service::RtmSession</name>
    <message numerus="yes">
        <source> (after %n frequency-limit retry(s))</source>
        <translation>
            <numerusform> (after %n frequency-limit retry)</numerusform>
            <numerusform> (after %n frequency-limit retries)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::AuditTrailWindow</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) read</source>
        <translation>
            <numerusform>%n line read</numerusform>
            <numerusform>%n lines read</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::CountPanel</name>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln message</numerusform>
            <numerusform>%Ln messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln distinct sender(s)</source>
        <translation>
            <numerusform>%Ln distinct sender</numerusform>
            <numerusform>%Ln distinct senders</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::DeleteConfirmDialog</name>
    <message numerus="yes">
        <source>Delete %n message(s)?</source>
        <translation>
            <numerusform>Delete %n message?</numerusform>
            <numerusform>Delete %n messages?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n group message(s) from %1?</source>
        <translation>
            <numerusform>Delete %n group message from %1?</numerusform>
            <numerusform>Delete %n group messages from %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n room message(s) from %1?</source>
        <translation>
            <numerusform>Delete %n room message from %1?</numerusform>
            <numerusform>Delete %n room messages from %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n P2P message(s) from %1?</source>
        <translation>
            <numerusform>Delete %n P2P message from %1?</numerusform>
            <numerusform>Delete %n P2P messages from %1?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n broadcast message(s)?</source>
        <translation>
            <numerusform>Delete %n broadcast message?</numerusform>
            <numerusform>Delete %n broadcast messages?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s)</source>
        <translation>
            <numerusform>Delete %n message</numerusform>
            <numerusform>Delete %n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::DeleteController</name>
    <message numerus="yes">
        <source>Deleting %n message(s)…</source>
        <translation>
            <numerusform>Deleting %n message…</numerusform>
            <numerusform>Deleting %n messages…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::DeleteSummaryDialog</name>
    <message numerus="yes">
        <source>Deleted %1 of %n message(s).</source>
        <translation>
            <numerusform>Deleted %1 of %n message.</numerusform>
            <numerusform>Deleted %1 of %n messages.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::FollowControl</name>
    <message numerus="yes">
        <source>Following · ✖ %1 · next try in %n s</source>
        <translation>
            <numerusform>Following · ✖ %1 · next try in %n s</numerusform>
            <numerusform>Following · ✖ %1 · next try in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Following · checked %1 · %n new</source>
        <translation>
            <numerusform>Following · checked %1 · %n new</numerusform>
            <numerusform>Following · checked %1 · %n new</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::HistoryRowActions</name>
    <message numerus="yes">
        <source>Copied %n mid(s).</source>
        <translation>
            <numerusform>Copied %n mid.</numerusform>
            <numerusform>Copied %n mids.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n sender uid(s).</source>
        <translation>
            <numerusform>Copied %n sender uid.</numerusform>
            <numerusform>Copied %n sender uids.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::HistoryView</name>
    <message numerus="yes">
        <source>All %n row(s) loaded.</source>
        <translation>
            <numerusform>All %n row loaded.</numerusform>
            <numerusform>All %n rows loaded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading stopped at %n row(s); the table is partial.</source>
        <translation>
            <numerusform>Loading stopped at %n row; the table is partial.</numerusform>
            <numerusform>Loading stopped at %n rows; the table is partial.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s).</source>
        <translation>
            <numerusform>Copied %n row.</numerusform>
            <numerusform>Copied %n rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>Exported %n row to %1.</numerusform>
            <numerusform>Exported %n rows to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::MessageDetails</name>
    <message numerus="yes">
        <source>Body: %Ln byte(s)%1</source>
        <translation>
            <numerusform>Body: %Ln byte%1</numerusform>
            <numerusform>Body: %Ln bytes%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::SendPanel</name>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n user</numerusform>
            <numerusform>%n users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n byte(s) of binary data)</source>
        <translation>
            <numerusform>(%n byte of binary data)</numerusform>
            <numerusform>(%n bytes of binary data)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>✔ Attrs are valid JSON (%n byte(s) compact).</source>
        <translation>
            <numerusform>✔ Attrs are valid JSON (%n byte compact).</numerusform>
            <numerusform>✔ Attrs are valid JSON (%n bytes compact).</numerusform>
        </translation>
    </message>
</context>
</TS>
