<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LoadAllProgress</name>
    <message>
        <source>%1 loaded · page %2</source>
        <translation>已加载 %1 · 第 %2 页</translation>
    </message>
    <message>
        <source>%1 of %2 loaded · page %3 · ETA %4</source>
        <translation>已加载 %1 / %2 · 第 %3 页 · 预计剩余 %4</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Browse, send and delete RTM messages.</source>
        <translation>浏览、发送和删除 RTM 消息。</translation>
    </message>
    <message>
        <source>Start the built-in sandbox with demo data and connect to it.</source>
        <translation>启动带演示数据的内置沙盒并连接。</translation>
    </message>
    <message>
        <source>Print debug messages to stderr (also RTM_VERBOSE=1).</source>
        <translation>向 stderr 输出调试信息（也可设置 RTM_VERBOSE=1）。</translation>
    </message>
</context>
<context>
    <name>rtm::Endpoint</name>
    <message>
        <source>Endpoint is empty.</source>
        <translation>端点为空。</translation>
    </message>
    <message>
        <source>The IPv6 address has no closing “]”: write it as [address]:port, e.g. [::1]:13321.</source>
        <translation>IPv6 地址缺少右方括号“]”：请写成 [地址]:端口，例如 [::1]:13321。</translation>
    </message>
    <message>
        <source>The port is missing: write host:port, e.g. rtm-nx-front.ilivedata.com:13315.</source>
        <translation>缺少端口：请写成 主机:端口，例如 rtm-nx-front.ilivedata.com:13315。</translation>
    </message>
    <message>
        <source>Expected “:” and the port after “]”, found “%1”.</source>
        <translation>“]”之后应为“:”和端口，实际为“%1”。</translation>
    </message>
    <message>
        <source>Endpoint must be host:port, e.g. rtm-nx-front.ilivedata.com:13315.</source>
        <translation>端点必须为 主机:端口，例如 rtm-nx-front.ilivedata.com:13315。</translation>
    </message>
    <message>
        <source>“%1” has more than one colon: write an IPv6 address in brackets, e.g. [::1]:13321.</source>
        <translation>“%1”包含多个冒号：IPv6 地址须写在方括号中，例如 [::1]:13321。</translation>
    </message>
    <message>
        <source>The host is missing before the port.</source>
        <translation>端口前缺少主机。</translation>
    </message>
    <message>
        <source>Host “%1” contains a space.</source>
        <translation>主机“%1”包含空格。</translation>
    </message>
    <message>
        <source>Port “%1” is not a number.</source>
        <translation>端口“%1”不是数字。</translation>
    </message>
    <message>
        <source>Port %1 is out of range: it must be in %2..65535.</source>
        <translation>端口 %1 超出范围：必须在 %2..65535 之间。</translation>
    </message>
</context>
<context>
    <name>rtm::MessageCategory</name>
    <message>
        <source>P2P</source>
        <translation>单聊</translation>
    </message>
    <message>
        <source>group</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播</translation>
    </message>
</context>
<context>
    <name>rtm::errors</name>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>unspecified encode/decode failure</source>
        <translation>未指明的编码/解码失败</translation>
    </message>
    <message>
        <source>protocol, format or encoding not supported</source>
        <translation>不支持的协议、格式或编码</translation>
    </message>
    <message>
        <source>malformed package</source>
        <translation>数据包格式错误</translation>
    </message>
    <message>
        <source>JSON ↔ msgpack conversion failed</source>
        <translation>JSON ↔ msgpack 转换失败</translation>
    </message>
    <message>
        <source>a map key is not a string</source>
        <translation>map 的键不是字符串</translation>
    </message>
    <message>
        <source>payload root is not a map</source>
        <translation>负载的根不是 map</translation>
    </message>
    <message>
        <source>wrong message type for the operation (e.g. bad mtype)</source>
        <translation>消息类型不适用于此操作（例如 mtype 错误）</translation>
    </message>
    <message>
        <source>unsupported encoding type</source>
        <translation>不支持的编码类型</translation>
    </message>
    <message>
        <source>a required param is missing</source>
        <translation>缺少必需的参数</translation>
    </message>
    <message>
        <source>a param has a type that cannot be converted</source>
        <translation>参数类型无法转换</translation>
    </message>
    <message>
        <source>bad file signature</source>
        <translation>文件签名错误</translation>
    </message>
    <message>
        <source>file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>unspecified failure</source>
        <translation>未指明的失败</translation>
    </message>
    <message>
        <source>connection closed (pending quests fail with it)</source>
        <translation>连接已关闭（未完成的请求随之失败）</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未及时应答</translation>
    </message>
    <message>
        <source>the peer has no such method</source>
        <translation>对方没有此方法</translation>
    </message>
    <message>
        <source>encoding failed</source>
        <translation>编码失败</translation>
    </message>
    <message>
        <source>decoding failed</source>
        <translation>解码失败</translation>
    </message>
    <message>
        <source>send failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>receive failed</source>
        <translation>接收失败</translation>
    </message>
    <message>
        <source>invalid package</source>
        <translation>无效的数据包</translation>
    </message>
    <message>
        <source>HTTP error</source>
        <translation>HTTP 错误</translation>
    </message>
    <message>
        <source>server work queue full (retry later)</source>
        <translation>服务器工作队列已满（请稍后重试）</translation>
    </message>
    <message>
        <source>no usable connection (connect failed)</source>
        <translation>没有可用的连接（连接失败）</translation>
    </message>
    <message>
        <source>operation not allowed (e.g. intranet-only method)</source>
        <translation>不允许的操作（例如仅限内网的方法）</translation>
    </message>
    <message>
        <source>server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>operation cancelled</source>
        <translation>操作已取消</translation>
    </message>
    <message>
        <source>compression failed</source>
        <translation>压缩失败</translation>
    </message>
    <message>
        <source>decompression failed</source>
        <translation>解压失败</translation>
    </message>
    <message>
        <source>invalid project id or user id</source>
        <translation>项目 ID 或用户 ID 无效</translation>
    </message>
    <message>
        <source>invalid project id or bad signature</source>
        <translation>项目 ID 无效或签名错误</translation>
    </message>
    <message>
        <source>bad file signature or file token</source>
        <translation>文件签名或文件令牌错误</translation>
    </message>
    <message>
        <source>file attrs lack sign or ext</source>
        <translation>文件 attrs 缺少 sign 或 ext</translation>
    </message>
    <message>
        <source>mtype outside 1..127 (or reserved)</source>
        <translation>mtype 不在 1..127 范围内（或为保留值）</translation>
    </message>
    <message>
        <source>signature already used</source>
        <translation>签名已被使用</translation>
    </message>
    <message>
        <source>mtype not valid for a file</source>
        <translation>mtype 不适用于文件</translation>
    </message>
    <message>
        <source>server time check failed (check the local clock)</source>
        <translation>服务器时间校验失败（请检查本机时钟）</translation>
    </message>
    <message>
        <source>call-rate limit hit</source>
        <translation>达到调用频率限制</translation>
    </message>
    <message>
        <source>message flood limit hit</source>
        <translation>达到消息刷屏限制</translation>
    </message>
    <message>
        <source>cannot kick out oneself</source>
        <translation>不能踢出自己</translation>
    </message>
    <message>
        <source>method forbidden</source>
        <translation>方法被禁止</translation>
    </message>
    <message>
        <source>access not allowed</source>
        <translation>不允许访问</translation>
    </message>
    <message>
        <source>not logged in (client API)</source>
        <translation>未登录（客户端 API）</translation>
    </message>
    <message>
        <source>already authenticated (client API)</source>
        <translation>已认证（客户端 API）</translation>
    </message>
    <message>
        <source>login refused, user blacklisted</source>
        <translation>登录被拒绝，用户在黑名单中</translation>
    </message>
    <message>
        <source>admin uid may not log in as a client</source>
        <translation>管理员 uid 不能以客户端身份登录</translation>
    </message>
    <message>
        <source>operation needs the admin uid</source>
        <translation>此操作需要管理员 uid</translation>
    </message>
    <message>
        <source>invalid auth token</source>
        <translation>认证令牌无效</translation>
    </message>
    <message>
        <source>message or attrs too long</source>
        <translation>消息或 attrs 过长</translation>
    </message>
    <message>
        <source>file or attrs too large</source>
        <translation>文件或 attrs 过大</translation>
    </message>
    <message>
        <source>a list param has too many members</source>
        <translation>列表参数的成员过多</translation>
    </message>
    <message>
        <source>a list param is empty</source>
        <translation>列表参数为空</translation>
    </message>
    <message>
        <source>invalid parameter</source>
        <translation>参数无效</translation>
    </message>
    <message>
        <source>not in the room</source>
        <translation>不在房间中</translation>
    </message>
    <message>
        <source>not a group member</source>
        <translation>不是群组成员</translation>
    </message>
    <message>
        <source>group member limit exceeded</source>
        <translation>超出群组成员上限</translation>
    </message>
    <message>
        <source>not friends, may not send</source>
        <translation>不是好友，不能发送</translation>
    </message>
    <message>
        <source>muted in the group</source>
        <translation>在群组中被禁言</translation>
    </message>
    <message>
        <source>muted in the room</source>
        <translation>在房间中被禁言</translation>
    </message>
    <message>
        <source>group has no members</source>
        <translation>群组没有成员</translation>
    </message>
    <message>
        <source>user is in too many rooms</source>
        <translation>用户加入的房间过多</translation>
    </message>
    <message>
        <source>friend limit exceeded</source>
        <translation>超出好友上限</translation>
    </message>
    <message>
        <source>user blocked</source>
        <translation>用户已被屏蔽</translation>
    </message>
    <message>
        <source>translation language not supported</source>
        <translation>不支持该翻译语言</translation>
    </message>
    <message>
        <source>text to translate is empty</source>
        <translation>待翻译的文本为空</translation>
    </message>
    <message>
        <source>may not send to oneself</source>
        <translation>不能发送给自己</translation>
    </message>
    <message>
        <source>duplicate mid</source>
        <translation>mid 重复</translation>
    </message>
    <message>
        <source>blocked by the sensitive-word filter</source>
        <translation>被敏感词过滤拦截</translation>
    </message>
    <message>
        <source>user not online</source>
        <translation>用户不在线</translation>
    </message>
    <message>
        <source>translation failed</source>
        <translation>翻译失败</translation>
    </message>
    <message>
        <source>stopped by the profanity filter</source>
        <translation>被脏话过滤拦截</translation>
    </message>
    <message>
        <source>feature must be enabled in the console</source>
        <translation>此功能须在控制台中开启</translation>
    </message>
    <message>
        <source>transcription type not supported</source>
        <translation>不支持该转写类型</translation>
    </message>
    <message>
        <source>message not found</source>
        <translation>未找到消息</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>audit log unavailable, the request was not sent</source>
        <translation>审计日志不可用，请求未发送</translation>
    </message>
    <message>
        <source>server cursor did not advance</source>
        <translation>服务器游标未前进</translation>
    </message>
    <message>
        <source>the server key for encryption cannot be used</source>
        <translation>用于加密的服务器公钥无法使用</translation>
    </message>
    <message>
        <source>unknown error %1</source>
        <translation>未知错误 %1</translation>
    </message>
</context>
<context>
    <name>service::ActivityLogModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>service::AuditTrailLine</name>
    <message>
        <source>not captured: %1</source>
        <translation>未记录：%1</translation>
    </message>
    <message numerus="yes">
        <source>binary, %n byte(s)</source>
        <translation>
            <numerusform>二进制，%n 字节</numerusform>
        </translation>
    </message>
    <message>
        <source>truncated, %1 bytes in all</source>
        <translation>已截断，共 %1 字节</translation>
    </message>
    <message>
        <source>not JSON: %1</source>
        <translation>不是 JSON：%1</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>event is neither &quot;attempt&quot; nor &quot;outcome&quot;</source>
        <translation>event 既不是“attempt”也不是“outcome”</translation>
    </message>
    <message>
        <source>no attemptId</source>
        <translation>缺少 attemptId</translation>
    </message>
</context>
<context>
    <name>service::HistoryFollower</name>
    <message>
        <source>Following needs the query to reach now: clear the pinned “To” time.</source>
        <translation>跟踪要求查询范围延续到当前：请清空固定的“到”时间。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>连接已关闭。</translation>
    </message>
</context>
<context>
    <name>service::HistoryModel</name>
    <message>
        <source>P2P %1 ↔ %2</source>
        <translation>单聊 %1 ↔ %2</translation>
    </message>
    <message>
        <source>%1 %2 (uid %3)</source>
        <translation>%1 %2（uid %3）</translation>
    </message>
    <message>
        <source>broadcast (uid %1)</source>
        <translation>广播（uid %1）</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>%1 (%2) %3</source>
        <translation>%1（%2）%3</translation>
    </message>
    <message>
        <source> — voice %1 ms %2</source>
        <translation> — 语音 %1 毫秒 %2</translation>
    </message>
    <message numerus="yes">
        <source>[binary, %n byte(s)] </source>
        <translation>
            <numerusform>[二进制，%n 字节] </numerusform>
        </translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>delete failed: %1</source>
        <translation>删除失败：%1</translation>
    </message>
    <message>
        <source>unknown — check by mid</source>
        <translation>未知 — 请按 mid 核对</translation>
    </message>
    <message>
        <source>still present</source>
        <translation>仍然存在</translation>
    </message>
    <message>
        <source>%1 ms since the epoch</source>
        <translation>自纪元起 %1 毫秒</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发送者</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收者</translation>
    </message>
    <message>
        <source>mtype</source>
        <translation>mtype</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mid</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Attrs</source>
        <translation>attrs</translation>
    </message>
    <message>
        <source>Cursor id</source>
        <translation>游标 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>all %1 loaded</source>
        <translation>已全部加载 %1 条</translation>
    </message>
    <message>
        <source>nothing loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>%1 loaded, more available</source>
        <translation>已加载 %1 条，还有更多</translation>
    </message>
    <message>
        <source> (partial: Load all stopped)</source>
        <translation>（不完整：全部加载已停止）</translation>
    </message>
    <message>
        <source> (%1 deleted hidden)</source>
        <translation>（已隐藏 %1 条已删除）</translation>
    </message>
    <message>
        <source> — loading…</source>
        <translation> — 加载中…</translation>
    </message>
    <message>
        <source> — failed: %1</source>
        <translation> — 失败：%1</translation>
    </message>
</context>
<context>
    <name>service::RtmSession</name>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message numerus="yes">
        <source> (after %n frequency-limit retry(s))</source>
        <translation>
            <numerusform>（因频率限制重试 %n 次后）</numerusform>
        </translation>
    </message>
    <message>
        <source>the server checks each request&apos;s time: make sure this computer&apos;s clock (and time zone setting) is right; for 200002 also check the pid and secret</source>
        <translation>服务器会校验每个请求的时间：请确认本机时钟（及时区设置）正确；对于 200002，还请检查 pid 和密钥</translation>
    </message>
</context>
<context>
    <name>service::SessionEncryption</name>
    <message>
        <source>stream</source>
        <translation>流模式</translation>
    </message>
    <message>
        <source>package</source>
        <translation>包模式</translation>
    </message>
</context>
<context>
    <name>ui::ActivityLogDock</name>
    <message>
        <source>Activity log</source>
        <translation>活动日志</translation>
    </message>
    <message>
        <source>filter: method, target or outcome</source>
        <translation>筛选：方法、目标或结果</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Save activity log</source>
        <translation>保存活动日志</translation>
    </message>
    <message>
        <source>Tab-separated text (*.tsv *.txt)</source>
        <translation>制表符分隔文本 (*.tsv *.txt)</translation>
    </message>
</context>
<context>
    <name>ui::AuditTrailModel</name>
    <message>
        <source>incomplete last line (no line end)</source>
        <translation>最后一行不完整（缺少换行符）</translation>
    </message>
    <message>
        <source>malformed line %1</source>
        <translation>第 %1 行格式错误</translation>
    </message>
    <message>
        <source>P2P</source>
        <translation>单聊</translation>
    </message>
    <message>
        <source>P2P, several users</source>
        <translation>单聊，多个用户</translation>
    </message>
    <message>
        <source>group</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>send (%1)</source>
        <translation>发送（%1）</translation>
    </message>
    <message>
        <source>delete (%1)</source>
        <translation>删除（%1）</translation>
    </message>
    <message>
        <source>malformed: %1</source>
        <translation>格式错误：%1</translation>
    </message>
    <message>
        <source>pending — no outcome line</source>
        <translation>待定 — 没有结果行</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>unknown — check by mid (%1)</source>
        <translation>未知 — 请按 mid 核对（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source> — its attempt line is not in this file</source>
        <translation> — 其尝试行不在此文件中</translation>
    </message>
    <message>
        <source>Line %1 is not a valid audit line: %2</source>
        <translation>第 %1 行不是有效的审计日志行：%2</translation>
    </message>
    <message>
        <source>Attempt (line %1):</source>
        <translation>尝试（第 %1 行）：</translation>
    </message>
    <message>
        <source>Outcome (line %1), no attempt line in this file:</source>
        <translation>结果（第 %1 行），此文件中没有对应的尝试行：</translation>
    </message>
    <message>
        <source>Outcome (line %1):</source>
        <translation>结果（第 %1 行）：</translation>
    </message>
    <message>
        <source>No outcome line yet: the request may still be running, or the program ended before it was answered (check by mid).</source>
        <translation>尚无结果行：请求可能仍在进行，或程序在收到应答之前已结束（请按 mid 核对）。</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <source>Time (local)</source>
        <translation>时间（本地）</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>连接配置</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mid</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ui::AuditTrailWindow</name>
    <message>
        <source>Audit trail — %1</source>
        <translation>审计记录 — %1</translation>
    </message>
    <message>
        <source>Filter: text, or a mid / uid / group id (exact)</source>
        <translation>筛选：文本，或 mid / uid / 群组 ID（精确匹配）</translation>
    </message>
    <message>
        <source>Sends and deletes</source>
        <translation>发送和删除</translation>
    </message>
    <message>
        <source>Sends</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Deletes</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Unknown — check by mid</source>
        <translation>未知 — 请按 mid 核对</translation>
    </message>
    <message>
        <source>Pending (no outcome line)</source>
        <translation>待定（没有结果行）</translation>
    </message>
    <message>
        <source>Malformed lines</source>
        <translation>格式错误的行</translation>
    </message>
    <message>
        <source>All profiles</source>
        <translation>全部连接配置</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Read the audit log again from the start</source>
        <translation>从头重新读取审计日志</translation>
    </message>
    <message>
        <source>delete (broadcast)</source>
        <translation>删除（广播）</translation>
    </message>
    <message>
        <source>unknown — check by mid (20003)</source>
        <translation>未知 — 请按 mid 核对（20003）</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the whole record of the selected row</source>
        <translation>复制所选行的完整记录</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 shown of %2</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) read</source>
        <translation>
            <numerusform>已读取 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
</context>
<context>
    <name>ui::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation>连接管理</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>e.g. EU production</source>
        <translation>例如：欧洲生产环境</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>project id</source>
        <translation>项目 ID</translation>
    </message>
    <message>
        <source>server secret key</source>
        <translation>服务端密钥</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> calls/s</source>
        <translation> 次/秒</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>The service allows 100 calls per second per project; stay below it so other tools keep working.</source>
        <translation>服务允许每个项目每秒 100 次调用；请保持在此之下，以免影响其他工具。</translation>
    </message>
    <message>
        <source>optional, shown in the title, e.g. EU</source>
        <translation>可选，显示在标题中，例如 EU</translation>
    </message>
    <message>
        <source>Read-only: no sending, no deleting</source>
        <translation>只读：不发送，不删除</translation>
    </message>
    <message>
        <source>none: plain connection</source>
        <translation>无：明文连接</translation>
    </message>
    <message>
        <source>The server&apos;s EC public key (PEM or DER) for encrypted connections. It is public: it is saved with the profile. Leave empty for a plain connection.</source>
        <translation>用于加密连接的服务器 EC 公钥（PEM 或 DER）。它是公开的，随连接配置一起保存。留空则为明文连接。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>package mode</source>
        <translation>包模式</translation>
    </message>
    <message>
        <source>stream mode</source>
        <translation>流模式</translation>
    </message>
    <message>
        <source>Package mode is the FPNN default; use stream mode only when the server asks for it.</source>
        <translation>包模式是 FPNN 的默认模式；仅当服务器要求时才使用流模式。</translation>
    </message>
    <message>
        <source>AES-128</source>
        <translation>AES-128</translation>
    </message>
    <message>
        <source>AES-256</source>
        <translation>AES-256</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>端点：</translation>
    </message>
    <message>
        <source>Project id:</source>
        <translation>项目 ID：</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Rate limit:</source>
        <translation>速率限制：</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>环境：</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Server key:</source>
        <translation>服务器公钥：</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>加密：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Secrets are kept in: %1. They are never written to the settings file.</source>
        <translation>密钥保存在：%1。密钥绝不会写入设置文件。</translation>
    </message>
    <message>
        <source>%1 — pid %2 — %3</source>
        <translation>%1 — pid %2 — %3</translation>
    </message>
    <message>
        <source>AES-%1 (not supported)</source>
        <translation>AES-%1（不支持）</translation>
    </message>
    <message>
        <source>reading from %1…</source>
        <translation>正在从%1读取…</translation>
    </message>
    <message>
        <source>could not read the secret: %1</source>
        <translation>无法读取密钥：%1</translation>
    </message>
    <message>
        <source>not stored — enter the secret</source>
        <translation>未保存 — 请输入密钥</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>请为连接配置命名。</translation>
    </message>
    <message>
        <source>Project id</source>
        <translation>项目 ID</translation>
    </message>
    <message>
        <source>The secret is empty.</source>
        <translation>密钥为空。</translation>
    </message>
    <message>
        <source>Give the full path of the server key file, not “%1”.</source>
        <translation>请提供服务器公钥文件的完整路径，而不是“%1”。</translation>
    </message>
    <message>
        <source>The server key file “%1” cannot be used: %2.</source>
        <translation>服务器公钥文件“%1”无法使用：%2。</translation>
    </message>
    <message>
        <source>Replace profile</source>
        <translation>替换连接配置</translation>
    </message>
    <message>
        <source>A profile named “%1” already exists. Replace it with this one?</source>
        <translation>名为“%1”的连接配置已存在。要用当前配置替换它吗？</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>The secret could not be stored: %1</source>
        <translation>无法保存密钥：%1</translation>
    </message>
    <message>
        <source>Server public key</source>
        <translation>服务器公钥</translation>
    </message>
    <message>
        <source>Public keys (*.pem *.der *.pub);;All files (*)</source>
        <translation>公钥 (*.pem *.der *.pub);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Plain connection: nothing is encrypted.</source>
        <translation>明文连接：不加密任何内容。</translation>
    </message>
    <message>
        <source>✖ Give the full path of the key file.</source>
        <translation>✖ 请提供公钥文件的完整路径。</translation>
    </message>
    <message>
        <source>✖ This key cannot be used: %1.</source>
        <translation>✖ 此公钥无法使用：%1。</translation>
    </message>
    <message>
        <source>✔ %1 public key: connections are encrypted (AES-%2, %3).</source>
        <translation>✔ %1 公钥：连接已加密（AES-%2，%3）。</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除连接配置</translation>
    </message>
    <message>
        <source>Delete the profile “%1”? Its secret is removed from %2 as well.</source>
        <translation>删除连接配置“%1”？其密钥也将从%2中移除。</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
    <message>
        <source>✔ Connected to %1: project %2 and its secret are right, the clock is fine (%3 ms).</source>
        <translation>✔ 已连接到 %1：项目 %2 及其密钥正确，时钟正常（%3 毫秒）。</translation>
    </message>
    <message>
        <source>The connection is encrypted (%1).</source>
        <translation>连接已加密（%1）。</translation>
    </message>
    <message>
        <source>✖ Encryption handshake failed: %1 — %2</source>
        <translation>✖ 加密握手失败：%1 — %2</translation>
    </message>
    <message>
        <source>Check that the key file is this server&apos;s public key, and the mode and key size the server expects.</source>
        <translation>请检查公钥文件是否为此服务器的公钥，以及模式和密钥长度是否与服务器要求一致。</translation>
    </message>
    <message>
        <source>✖ %1 — %2</source>
        <translation>✖ %1 — %2</translation>
    </message>
    <message>
        <source>Check the endpoint and that the server is reachable from here.</source>
        <translation>请检查端点，并确认从本机可以访问服务器。</translation>
    </message>
</context>
<context>
    <name>ui::ConnectionProfile</name>
    <message>
        <source>production</source>
        <translation>生产</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>sandbox</source>
        <translation>沙盒</translation>
    </message>
</context>
<context>
    <name>ui::ConnectionStatus</name>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source> · READ-ONLY</source>
        <translation> · 只读</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>流</translation>
    </message>
    <message>
        <source>package</source>
        <translation>包</translation>
    </message>
    <message>
        <source>AES-%1 %2 · %3</source>
        <translation>AES-%1 %2 · %3</translation>
    </message>
    <message>
        <source>Encrypted connection: AES-%1 in %2 mode, server key %3 (%4)</source>
        <translation>加密连接：AES-%1，%2模式，服务器公钥 %3（%4）</translation>
    </message>
    <message>
        <source>round trip: —</source>
        <translation>往返：—</translation>
    </message>
    <message>
        <source>round trip: %1 ms</source>
        <translation>往返：%1 毫秒</translation>
    </message>
</context>
<context>
    <name>ui::CountPanel</name>
    <message>
        <source>Group</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>group or room id</source>
        <translation>群组或房间 ID</translation>
    </message>
    <message>
        <source>all mtypes (or e.g. 30, 51)</source>
        <translation>所有 mtype（或例如 30, 51）</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID：</translation>
    </message>
    <message>
        <source>mtypes:</source>
        <translation>mtype：</translation>
    </message>
    <message>
        <source>Time range:</source>
        <translation>时间范围：</translation>
    </message>
    <message>
        <source>Counts the stored messages of a group or room and how many different users sent them (get_message_num).</source>
        <translation>统计群组或房间中已存储的消息数，以及发送这些消息的不同用户数（get_message_num）。</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>群组 ID</translation>
    </message>
    <message>
        <source>Room id</source>
        <translation>房间 ID</translation>
    </message>
    <message>
        <source>“From” is after “To”.</source>
        <translation>“从”晚于“到”。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Group %1</source>
        <translation>群组 %1</translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>房间 %1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s)</source>
        <translation>
            <numerusform>%Ln 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln distinct sender(s)</source>
        <translation>
            <numerusform>%Ln 个不同的发送者</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 from %3.</source>
        <translation>%1：%2，来自 %3。</translation>
    </message>
    <message>
        <source>✖ %1 — %2</source>
        <translation>✖ %1 — %2</translation>
    </message>
</context>
<context>
    <name>ui::DeleteConfirmDialog</name>
    <message numerus="yes">
        <source>Delete %n message(s)?</source>
        <translation>
            <numerusform>删除 %n 条消息？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n group message(s) from %1?</source>
        <translation>
            <numerusform>删除%1 中的 %n 条群组消息？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n room message(s) from %1?</source>
        <translation>
            <numerusform>删除%1 中的 %n 条房间消息？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n P2P message(s) from %1?</source>
        <translation>
            <numerusform>删除%1中的 %n 条单聊消息？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n broadcast message(s)?</source>
        <translation>
            <numerusform>删除 %n 条广播消息？</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete messages</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <source>The server marks them deleted for everyone. This cannot be undone; each delete is written to the audit log.</source>
        <translation>服务器会将它们对所有人标记为已删除。此操作无法撤销；每次删除都会写入审计日志。</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 以及另外 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s)</source>
        <translation>
            <numerusform>删除 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>This is a production profile. Type %1 to confirm:</source>
        <translation>这是生产环境的连接配置。输入 %1 以确认：</translation>
    </message>
    <message>
        <source>type %1 here</source>
        <translation>在此输入 %1</translation>
    </message>
</context>
<context>
    <name>ui::DeleteController</name>
    <message>
        <source>Deleting messages</source>
        <translation>正在删除消息</translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n message(s)…</source>
        <translation>
            <numerusform>正在删除 %n 条消息…</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted %1 of %2…</source>
        <translation>已删除 %1 / %2…</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Connected to another server or project now: connect to %1 (pid %2) to check.</source>
        <translation>当前已连接到其他服务器或项目：请连接到 %1（pid %2）后再核对。</translation>
    </message>
    <message>
        <source>Cancelling — waiting for the deletes already sent…</source>
        <translation>正在取消 — 等待已发送的删除请求完成…</translation>
    </message>
</context>
<context>
    <name>ui::DeleteSummaryDialog</name>
    <message numerus="yes">
        <source>Deleted %1 of %n message(s).</source>
        <translation>
            <numerusform>已删除 %1 / %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source> Failed: %1 (marked in the table).</source>
        <translation> 失败：%1（已在表格中标出）。</translation>
    </message>
    <message>
        <source> Unknown — check by mid: %1.</source>
        <translation> 未知 — 请按 mid 核对：%1。</translation>
    </message>
    <message>
        <source> Still present after a check: %1.</source>
        <translation> 核对后仍然存在：%1。</translation>
    </message>
    <message>
        <source> Not attempted (cancelled): %1.</source>
        <translation> 未执行（已取消）：%1。</translation>
    </message>
    <message>
        <source>Deleted: %1 of %2</source>
        <translation>已删除：%1 / %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Unknown — check by mid: %1</source>
        <translation>未知 — 请按 mid 核对：%1</translation>
    </message>
    <message>
        <source>Still present (the delete did not happen): %1</source>
        <translation>仍然存在（删除未生效）：%1</translation>
    </message>
    <message>
        <source>Not attempted (cancelled): %1</source>
        <translation>未执行（已取消）：%1</translation>
    </message>
    <message>
        <source>Delete finished</source>
        <translation>删除完成</translation>
    </message>
    <message>
        <source>Check unknown</source>
        <translation>核对未知项</translation>
    </message>
    <message>
        <source>Ask the server about each unknown message by mid: “message not found” means it was deleted.</source>
        <translation>按 mid 向服务器查询每条未知消息：“未找到消息”表示已删除。</translation>
    </message>
    <message>
        <source>The connection was lost or timed out after these deletes were sent: the server may or may not have deleted them. They stay in the table marked “unknown — check by mid”.</source>
        <translation>这些删除请求发出后连接断开或超时：服务器可能已删除，也可能没有。它们会留在表格中，标记为“未知 — 请按 mid 核对”。</translation>
    </message>
    <message>
        <source>Messages still present were not deleted; select them and delete again.</source>
        <translation>仍然存在的消息未被删除；请选中后再次删除。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
</context>
<context>
    <name>ui::FindMessageDialog</name>
    <message>
        <source>Find message</source>
        <translation>查找消息</translation>
    </message>
    <message>
        <source>P2P</source>
        <translation>单聊</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>sender uid</source>
        <translation>发送者 uid</translation>
    </message>
    <message>
        <source>message id</source>
        <translation>消息 ID</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>From uid:</source>
        <translation>发送者 uid：</translation>
    </message>
    <message>
        <source>mid:</source>
        <translation>mid：</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>✔ Deleted: %1</source>
        <translation>✔ 已删除：%1</translation>
    </message>
    <message>
        <source>✖ Not deleted: %1 — %2 (%3)</source>
        <translation>✖ 未删除：%1 — %2（%3）</translation>
    </message>
    <message>
        <source>? Unknown — check by mid: %1 (%2). Use Info to see whether it is still there.</source>
        <translation>? 未知 — 请按 mid 核对：%1（%2）。可用“详情”查看它是否仍然存在。</translation>
    </message>
    <message>
        <source>✖ Still present, not deleted: %1</source>
        <translation>✖ 仍然存在，未删除：%1</translation>
    </message>
    <message>
        <source>This profile is read-only: deleting is disabled.</source>
        <translation>此连接配置为只读：删除已禁用。</translation>
    </message>
    <message>
        <source>To uid:</source>
        <translation>接收者 uid：</translation>
    </message>
    <message>
        <source>Group id:</source>
        <translation>群组 ID：</translation>
    </message>
    <message>
        <source>Room id:</source>
        <translation>房间 ID：</translation>
    </message>
    <message>
        <source>From uid</source>
        <translation>发送者 uid</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mid</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>user %1 to user %2</source>
        <translation>用户 %1 发给用户 %2 的消息</translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>群组 %1</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>房间 %1</translation>
    </message>
</context>
<context>
    <name>ui::FirstStartDialog</name>
    <message>
        <source>Welcome to RTM Console</source>
        <translation>欢迎使用 RTM Console</translation>
    </message>
    <message>
        <source>There is no saved connection yet.

• Try the built-in sandbox: a local RTM server with a week of demo conversations (users 1001–1040, groups 2001–2006, rooms 3001–3004). Nothing leaves this computer.

• Or connect to your RTM project: you need its endpoint, project id and server secret key from the RTM console.</source>
        <translation>还没有保存的连接。

• 试用内置沙盒：一个本地 RTM 服务器，带有一周的演示对话（用户 1001–1040，群组 2001–2006，房间 3001–3004）。所有数据都不会离开本机。

• 或者连接到你的 RTM 项目：需要 RTM 控制台中的端点、项目 ID 和服务端密钥。</translation>
    </message>
    <message>
        <source>Try the sandbox</source>
        <translation>试用沙盒</translation>
    </message>
    <message>
        <source>New connection…</source>
        <translation>新建连接…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>ui::FollowControl</name>
    <message>
        <source>Following</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>Follow: check this conversation for new messages every few seconds and add them to the table (Ctrl+Shift+L)</source>
        <translation>跟踪：每隔几秒检查此对话是否有新消息，并将新消息添加到表格中（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <source>the connection changed.</source>
        <translation>连接已变更。</translation>
    </message>
    <message>
        <source>not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>open a conversation first.</source>
        <translation>请先打开一个对话。</translation>
    </message>
    <message>
        <source>the conversation fields were changed.</source>
        <translation>对话字段已被修改。</translation>
    </message>
    <message>
        <source>Following stopped: %1</source>
        <translation>跟踪已停止：%1</translation>
    </message>
    <message>
        <source>the connection was closed.</source>
        <translation>连接已关闭。</translation>
    </message>
    <message>
        <source>the query changed.</source>
        <translation>查询已变更。</translation>
    </message>
    <message>
        <source>Following · waiting for the newest rows</source>
        <translation>跟踪中 · 正在等待最新的行</translation>
    </message>
    <message>
        <source>Following · waiting until the table reaches the newest row (scroll to the end or Load all)</source>
        <translation>跟踪中 · 等待表格到达最新一行（滚动到末尾或点击“全部加载”）</translation>
    </message>
    <message>
        <source>Following · paused while Load all runs</source>
        <translation>跟踪中 · “全部加载”运行期间暂停</translation>
    </message>
    <message numerus="yes">
        <source>Following · ✖ %1 · next try in %n s</source>
        <translation>
            <numerusform>跟踪中 · ✖ %1 · %n 秒后重试</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Following · checked %1 · %n new</source>
        <translation>
            <numerusform>跟踪中 · %1 已检查 · %n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Following · checking…</source>
        <translation>跟踪中 · 正在检查…</translation>
    </message>
</context>
<context>
    <name>ui::HistoryFilterProxy</name>
    <message>
        <source>Sender</source>
        <translation>发送者</translation>
    </message>
</context>
<context>
    <name>ui::HistoryRowActions</name>
    <message>
        <source>Filter by this sender</source>
        <translation>按此发送者筛选</translation>
    </message>
    <message>
        <source>Open P2P with this user</source>
        <translation>打开与此用户的单聊</translation>
    </message>
    <message>
        <source>Copy mid</source>
        <translation>复制 mid</translation>
    </message>
    <message>
        <source>Copy sender uid</source>
        <translation>复制发送者 uid</translation>
    </message>
    <message>
        <source>Copy message text</source>
        <translation>复制消息文本</translation>
    </message>
    <message>
        <source>Select a single row: several rows are selected.</source>
        <translation>请只选中一行：当前选中了多行。</translation>
    </message>
    <message>
        <source>Select a row first.</source>
        <translation>请先选中一行。</translation>
    </message>
    <message>
        <source>Show only the messages of this sender (the filter field shows the uid)</source>
        <translation>只显示此发送者的消息（筛选框中显示其 uid）</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>No other user: the reader uid is missing or is the sender.</source>
        <translation>没有另一方用户：读取者 uid 为空，或与发送者相同。</translation>
    </message>
    <message>
        <source>Open the P2P history of %1 and %2</source>
        <translation>打开 %1 与 %2 的单聊历史</translation>
    </message>
    <message>
        <source>Copy the whole message text</source>
        <translation>复制完整的消息文本</translation>
    </message>
    <message>
        <source>Copy the mids of the selected rows in table order, one per line</source>
        <translation>按表格顺序复制选中行的 mid，每行一个</translation>
    </message>
    <message>
        <source>Copy the sender uids of the selected rows in table order, one per line</source>
        <translation>按表格顺序复制选中行的发送者 uid，每行一个</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n mid(s).</source>
        <translation>
            <numerusform>已复制 %n 个 mid。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n sender uid(s).</source>
        <translation>
            <numerusform>已复制 %n 个发送者 uid。</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the message text.</source>
        <translation>已复制消息文本。</translation>
    </message>
</context>
<context>
    <name>ui::HistoryView</name>
    <message>
        <source>✖ Loading history failed: %1 — %2</source>
        <translation>✖ 加载历史记录失败：%1 — %2</translation>
    </message>
    <message>
        <source> Check that the server is reachable, then Retry.</source>
        <translation> 请确认服务器可以访问，然后点击“重试”。</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) loaded.</source>
        <translation>
            <numerusform>已加载全部 %n 行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading stopped at %n row(s); the table is partial.</source>
        <translation>
            <numerusform>加载在 %n 行时停止；表格不完整。</numerusform>
        </translation>
    </message>
    <message>
        <source>P2P history</source>
        <translation>单聊历史</translation>
    </message>
    <message>
        <source>Group history</source>
        <translation>群组历史</translation>
    </message>
    <message>
        <source>Room history</source>
        <translation>房间历史</translation>
    </message>
    <message>
        <source>Broadcast history</source>
        <translation>广播历史</translation>
    </message>
    <message>
        <source>one side of the conversation</source>
        <translation>对话的一方</translation>
    </message>
    <message>
        <source>Other uid:</source>
        <translation>对方 uid：</translation>
    </message>
    <message>
        <source>reading user</source>
        <translation>读取者</translation>
    </message>
    <message>
        <source>Group id:</source>
        <translation>群组 ID：</translation>
    </message>
    <message>
        <source>Room id:</source>
        <translation>房间 ID：</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早的在前</translation>
    </message>
    <message>
        <source>Rows per request; the server sends at most 20.</source>
        <translation>每次请求的行数；服务器最多返回 20 行。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <source>Until you pick a time, “To” means now, taken each time the query runs.</source>
        <translation>在你选择时间之前，“到”表示现在，每次查询时取当时的时间。</translation>
    </message>
    <message>
        <source>all mtypes (or e.g. 30, 51)</source>
        <translation>所有 mtype（或例如 30, 51）</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Run the query (F5 reloads)</source>
        <translation>执行查询（F5 重新加载）</translation>
    </message>
    <message>
        <source>Load all</source>
        <translation>全部加载</translation>
    </message>
    <message>
        <source>sender uid</source>
        <translation>发送者 uid</translation>
    </message>
    <message>
        <source>text in message or attrs</source>
        <translation>消息或 attrs 中的文本</translation>
    </message>
    <message>
        <source>mtypes</source>
        <translation>mtype</translation>
    </message>
    <message>
        <source>Select all matching</source>
        <translation>选中所有匹配项</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Ask the server for everything about this message (Enter)</source>
        <translation>向服务器查询这条消息的全部信息（Enter）</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected messages on the server (asks first)</source>
        <translation>在服务器上删除选中的消息（会先确认）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected rows, tab-separated (Ctrl+C)</source>
        <translation>复制选中的行，以制表符分隔（Ctrl+C）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Uid:</source>
        <translation>uid：</translation>
    </message>
    <message>
        <source>Reader uid:</source>
        <translation>读取者 uid：</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>顺序：</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>每页行数：</translation>
    </message>
    <message>
        <source>mtypes:</source>
        <translation>mtype：</translation>
    </message>
    <message>
        <source>Filter loaded rows:</source>
        <translation>筛选已加载的行：</translation>
    </message>
    <message>
        <source>Uid</source>
        <translation>uid</translation>
    </message>
    <message>
        <source>Reader uid</source>
        <translation>读取者 uid</translation>
    </message>
    <message>
        <source>Other uid</source>
        <translation>对方 uid</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>群组 ID</translation>
    </message>
    <message>
        <source>Room id</source>
        <translation>房间 ID</translation>
    </message>
    <message>
        <source>“From” is after “To”.</source>
        <translation>“从”晚于“到”。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>the conversation of %1 and %2</source>
        <translation>用户 %1 与 %2 的对话</translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>群组 %1</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>房间 %1</translation>
    </message>
    <message>
        <source>the broadcast history</source>
        <translation>广播历史</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n row(s).</source>
        <translation>
            <numerusform>已复制 %n 行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Matching rows selected: %1.</source>
        <translation>已选中匹配的行：%1。</translation>
    </message>
    <message>
        <source>Nothing to export: no row passes the filter.</source>
        <translation>没有可导出的内容：没有行通过筛选。</translation>
    </message>
    <message>
        <source>Export selected rows</source>
        <translation>导出选中的行</translation>
    </message>
    <message>
        <source>Export rows that pass the filter</source>
        <translation>导出通过筛选的行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 行导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>filtering…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <source> No row is shown until the filter is fixed.</source>
        <translation> 修正筛选条件之前不显示任何行。</translation>
    </message>
    <message>
        <source>%1 matching the filter</source>
        <translation>%1 行匹配筛选条件</translation>
    </message>
    <message>
        <source>✖ filter not valid</source>
        <translation>✖ 筛选条件无效</translation>
    </message>
    <message>
        <source>This profile is read-only: deleting is disabled.</source>
        <translation>此连接配置为只读：删除已禁用。</translation>
    </message>
    <message>
        <source>Write the selected rows to a file</source>
        <translation>将选中的行写入文件</translation>
    </message>
    <message>
        <source>Write the rows that pass the filter to a file</source>
        <translation>将通过筛选的行写入文件</translation>
    </message>
    <message>
        <source>sorting…</source>
        <translation>正在排序…</translation>
    </message>
    <message>
        <source>Restore server order</source>
        <translation>恢复服务器顺序</translation>
    </message>
    <message>
        <source>Show the rows in the order the server sent them</source>
        <translation>按服务器返回的顺序显示各行</translation>
    </message>
    <message>
        <source>Click a column to sort by it, again to reverse; Restore server order goes back.</source>
        <translation>点击列标题按该列排序，再次点击则反向排序；“恢复服务器顺序”可还原。</translation>
    </message>
    <message>
        <source>Showing only the messages from %1; clear the sender filter to see all.</source>
        <translation>只显示来自 %1 的消息；清空发送者筛选即可查看全部。</translation>
    </message>
</context>
<context>
    <name>ui::InputValidation</name>
    <message>
        <source>%1 is empty.</source>
        <translation>%1为空。</translation>
    </message>
    <message>
        <source>%1 must be a positive number, not “%2”.</source>
        <translation>%1必须是正数，而不是“%2”。</translation>
    </message>
    <message>
        <source>%1 must not be 0.</source>
        <translation>%1不能为 0。</translation>
    </message>
    <message>
        <source>%1 “%2” is larger than a 64-bit id (max 9223372036854775807).</source>
        <translation>%1“%2”超出 64 位 ID 的范围（最大 9223372036854775807）。</translation>
    </message>
    <message>
        <source>%1 “%2” is not a number (digits only).</source>
        <translation>%1“%2”不是数字（只能包含数字）。</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> 以及另外 %1 个</translation>
    </message>
    <message>
        <source>Not a user id: %1%2.</source>
        <translation>不是用户 ID：%1%2。</translation>
    </message>
    <message>
        <source>The user list is empty.</source>
        <translation>用户列表为空。</translation>
    </message>
    <message>
        <source>Too many users: %1 (at most %2 per message).</source>
        <translation>用户过多：%1（每条消息最多 %2 个）。</translation>
    </message>
    <message>
        <source>mtype 30 is RTM&apos;s own text chat type: clients will show it as a chat message.</source>
        <translation>mtype 30 是 RTM 自己的文本聊天类型：客户端会将其显示为聊天消息。</translation>
    </message>
    <message>
        <source>mtype 32 is RTM&apos;s own command type: clients will treat it as a command.</source>
        <translation>mtype 32 是 RTM 自己的命令类型：客户端会将其视为命令。</translation>
    </message>
    <message>
        <source>mtype %1 is outside 1..127, the server refuses it.</source>
        <translation>mtype %1 不在 1..127 范围内，服务器会拒绝。</translation>
    </message>
    <message>
        <source>mtype %1 is a file type (40..50); files are sent through the file gateway, not as text.</source>
        <translation>mtype %1 是文件类型（40..50）；文件通过文件网关发送，而不是作为文本。</translation>
    </message>
    <message>
        <source>mtype %1 is reserved by RTM (1..50); use 51..127 for your own messages, or 30/32 for chat/cmd.</source>
        <translation>mtype %1 为 RTM 保留（1..50）；自定义消息请使用 51..127，聊天/命令请使用 30/32。</translation>
    </message>
    <message>
        <source>Not an mtype in 1..127: %1.</source>
        <translation>不是 1..127 范围内的 mtype：%1。</translation>
    </message>
    <message>
        <source>Not valid JSON: %1 at line %2, column %3.</source>
        <translation>不是有效的 JSON：第 %2 行第 %3 列，%1。</translation>
    </message>
</context>
<context>
    <name>ui::KeychainSecretStore</name>
    <message>
        <source>No system keychain (%1): secrets are kept for this session only.</source>
        <translation>没有系统钥匙串（%1）：密钥只在本次会话中保留。</translation>
    </message>
    <message>
        <source>system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Sent mid %1 to %2.</source>
        <translation>已发送 mid %1 至%2。</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>连接管理(&amp;C)…</translation>
    </message>
    <message>
        <source>Start the &amp;sandbox</source>
        <translation>启动沙盒(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Find message…</source>
        <translation>查找消息(&amp;F)…</translation>
    </message>
    <message>
        <source>Open the &amp;audit log folder</source>
        <translation>打开审计日志文件夹(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Activity log</source>
        <translation>活动日志(&amp;A)</translation>
    </message>
    <message>
        <source>Show times in &amp;UTC</source>
        <translation>以 &amp;UTC 显示时间</translation>
    </message>
    <message>
        <source>&amp;Dark colours</source>
        <translation>深色配色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About RTM Console</source>
        <translation>关于 RTM Console(&amp;A)</translation>
    </message>
    <message>
        <source>About RTM Console</source>
        <translation>关于 RTM Console</translation>
    </message>
    <message>
        <source>RTM Console %1
Browse, send and delete RTM messages.

Audit log: %2</source>
        <translation>RTM Console %1
浏览、发送和删除 RTM 消息。

审计日志：%2</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The console will be in %1 after a restart.</source>
        <translation>重启后界面语言将切换为%1。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Reading the secret of “%1”…</source>
        <translation>正在读取“%1”的密钥…</translation>
    </message>
    <message>
        <source>No stored secret for “%1”: enter it to connect.</source>
        <translation>没有保存“%1”的密钥：请输入密钥以连接。</translation>
    </message>
    <message>
        <source>Starting the sandbox…</source>
        <translation>正在启动沙盒…</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>沙盒</translation>
    </message>
    <message>
        <source>The sandbox could not start: %1</source>
        <translation>沙盒无法启动：%1</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>连接已断开，正在重连…</translation>
    </message>
    <message>
        <source>Disconnected from %1.</source>
        <translation>已与 %1 断开连接。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Connected to “%1” (%2 ms), encrypted: %3.</source>
        <translation>已连接到“%1”（%2 毫秒），已加密：%3。</translation>
    </message>
    <message>
        <source>Connected to “%1” (%2 ms).</source>
        <translation>已连接到“%1”（%2 毫秒）。</translation>
    </message>
    <message>
        <source>“%1”: encryption handshake failed: %2 — %3</source>
        <translation>“%1”：加密握手失败：%2 — %3</translation>
    </message>
    <message>
        <source>“%1”: %2 — %3</source>
        <translation>“%1”：%2 — %3</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>“%1” is read-only now: sending and deleting are off.</source>
        <translation>“%1”现在为只读：发送和删除已关闭。</translation>
    </message>
    <message>
        <source>“%1” is no longer read-only.</source>
        <translation>“%1”不再是只读。</translation>
    </message>
    <message>
        <source>RTM Console — not connected</source>
        <translation>RTM Console — 未连接</translation>
    </message>
    <message>
        <source>RTM Console — %1</source>
        <translation>RTM Console — %1</translation>
    </message>
    <message>
        <source>, read-only</source>
        <translation>，只读</translation>
    </message>
    <message>
        <source>Audit log: %1</source>
        <translation>审计日志：%1</translation>
    </message>
    <message>
        <source>Audit &amp;trail…</source>
        <translation>审计记录(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>消息(&amp;M)</translation>
    </message>
    <message>
        <source>Open a history tab to act on its rows</source>
        <translation>请先打开历史标签页，再对其中的行进行操作</translation>
    </message>
    <message>
        <source>P2P history of %1 and %2.</source>
        <translation>%1 与 %2 的单聊历史。</translation>
    </message>
</context>
<context>
    <name>ui::MemorySecretStore</name>
    <message>
        <source>memory only (forgotten when the console closes)</source>
        <translation>仅内存（关闭控制台后即忘记）</translation>
    </message>
</context>
<context>
    <name>ui::MessageDetails</name>
    <message>
        <source>Lines longer than %1 characters are shown in pieces.</source>
        <translation>超过 %1 个字符的行会分段显示。</translation>
    </message>
    <message>
        <source>Only the beginning is shown; this lays out the whole text.</source>
        <translation>当前只显示开头部分；点击后排版显示全部文本。</translation>
    </message>
    <message>
        <source>Select a row to see the whole message; Info asks the server.</source>
        <translation>选中一行即可查看完整消息；“详情”会向服务器查询。</translation>
    </message>
    <message>
        <source>attrs</source>
        <translation>attrs</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文本</translation>
    </message>
    <message>
        <source>Copy the whole message as it was sent</source>
        <translation>按发送时的原样复制整条消息</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Attrs:</source>
        <translation>attrs：</translation>
    </message>
    <message>
        <source>This profile is read-only: deleting is disabled.</source>
        <translation>此连接配置为只读：删除已禁用。</translation>
    </message>
    <message>
        <source>No message selected</source>
        <translation>未选中消息</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Show all (%1 KB)</source>
        <translation>显示全部（%1 KB）</translation>
    </message>
    <message>
        <source>mtype: %1    cursor id: %2</source>
        <translation>mtype：%1    游标 ID：%2</translation>
    </message>
    <message>
        <source>Stored: %1</source>
        <translation>存储时间：%1</translation>
    </message>
    <message>
        <source>        %1</source>
        <translation>              %1</translation>
    </message>
    <message numerus="yes">
        <source>Body: %Ln byte(s)%1</source>
        <translation>
            <numerusform>正文：%Ln 字节%1</numerusform>
        </translation>
    </message>
    <message>
        <source>, binary</source>
        <translation>，二进制</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>Size: %1 (%2 bytes)</source>
        <translation>大小：%1（%2 字节）</translation>
    </message>
    <message>
        <source>URL: %1</source>
        <translation>URL：%1</translation>
    </message>
    <message>
        <source>Thumbnail: %1</source>
        <translation>缩略图：%1</translation>
    </message>
    <message>
        <source>Voice message: %1 ms, language %2</source>
        <translation>语音消息：%1 毫秒，语言 %2</translation>
    </message>
    <message>
        <source>[binary, base64]
</source>
        <translation>[二进制，base64]
</translation>
    </message>
    <message>
        <source>✖ %1 — %2</source>
        <translation>✖ %1 — %2</translation>
    </message>
    <message>
        <source>✖ Not found (RTM_EC_MESSAGE_NOT_FOUND): no such message, or it was deleted. Check the kind, sender, target and mid.</source>
        <translation>✖ 未找到（RTM_EC_MESSAGE_NOT_FOUND）：没有这条消息，或已被删除。请检查类型、发送者、目标和 mid。</translation>
    </message>
</context>
<context>
    <name>ui::MessageRef</name>
    <message>
        <source>P2P message %1 from %2 to %3</source>
        <translation>单聊消息 %1，由 %2 发给 %3</translation>
    </message>
    <message>
        <source>group message %1 from %2 in group %3</source>
        <translation>群组 %3 中 %2 发送的群组消息 %1</translation>
    </message>
    <message>
        <source>room message %1 from %2 in room %3</source>
        <translation>房间 %3 中 %2 发送的房间消息 %1</translation>
    </message>
    <message>
        <source>broadcast message %1 from %2</source>
        <translation>%2 发送的广播消息 %1</translation>
    </message>
</context>
<context>
    <name>ui::ProductionBand</name>
    <message>
        <source>Production warning</source>
        <translation>生产环境警告</translation>
    </message>
    <message>
        <source>PRODUCTION — %1</source>
        <translation>生产环境 — %1</translation>
    </message>
</context>
<context>
    <name>ui::ProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ui::SendConfirmDialog</name>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>Send on production</source>
        <translation>在生产环境发送</translation>
    </message>
    <message>
        <source>Broadcast to %1?</source>
        <translation>广播给%1？</translation>
    </message>
    <message>
        <source>Send to %1?</source>
        <translation>发送给%1？</translation>
    </message>
    <message>
        <source>This is the PRODUCTION profile “%1”.</source>
        <translation>这是生产环境的连接配置“%1”。</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>接收者：%1</translation>
    </message>
    <message>
        <source>From uid: %1</source>
        <translation>发送者 uid：%1</translation>
    </message>
    <message>
        <source>mid: %1%2</source>
        <translation>mid：%1%2</translation>
    </message>
    <message>
        <source> (sent again, same mid)</source>
        <translation>（再次发送，相同 mid）</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>连接配置：%1</translation>
    </message>
    <message>
        <source>Broadcast to every user</source>
        <translation>广播给所有用户</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
</context>
<context>
    <name>ui::SendPanel</name>
    <message>
        <source>user %1</source>
        <translation>用户 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n 个用户</numerusform>
        </translation>
    </message>
    <message>
        <source>group %1</source>
        <translation>群组 %1</translation>
    </message>
    <message>
        <source>room %1</source>
        <translation>房间 %1</translation>
    </message>
    <message>
        <source>everyone (broadcast)</source>
        <translation>所有人（广播）</translation>
    </message>
    <message>
        <source>P2P — one user</source>
        <translation>单聊 — 一个用户</translation>
    </message>
    <message>
        <source>Several users</source>
        <translation>多个用户</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>群组</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>Broadcast — every user</source>
        <translation>广播 — 所有用户</translation>
    </message>
    <message>
        <source>sender uid</source>
        <translation>发送者 uid</translation>
    </message>
    <message>
        <source>receiver uid</source>
        <translation>接收者 uid</translation>
    </message>
    <message>
        <source>group id</source>
        <translation>群组 ID</translation>
    </message>
    <message>
        <source>room id</source>
        <translation>房间 ID</translation>
    </message>
    <message>
        <source>user ids, separated by commas, spaces or new lines</source>
        <translation>用户 ID，以逗号、空格或换行分隔</translation>
    </message>
    <message>
        <source>51..127 for your own messages; 30 (chat) and 32 (cmd) are RTM&apos;s own types</source>
        <translation>自定义消息用 51..127；30（聊天）和 32（命令）是 RTM 自己的类型</translation>
    </message>
    <message>
        <source>message text (Ctrl+Enter sends)</source>
        <translation>消息文本（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Body is base64: send the decoded bytes as binary</source>
        <translation>正文为 base64：将解码后的字节作为二进制发送</translation>
    </message>
    <message>
        <source>attributes, JSON recommended (optional)</source>
        <translation>属性，建议使用 JSON（可选）</translation>
    </message>
    <message>
        <source>Check JSON</source>
        <translation>检查 JSON</translation>
    </message>
    <message>
        <source>Pretty-print</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>Indent the attrs in the editor: only spaces and line breaks change; Ctrl+Z undoes it</source>
        <translation>在编辑器中缩进 attrs：只改变空格和换行；Ctrl+Z 可撤销</translation>
    </message>
    <message>
        <source>Custom mid</source>
        <translation>自定义 mid</translation>
    </message>
    <message>
        <source>generated when empty</source>
        <translation>留空则自动生成</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Send again (same mid)</source>
        <translation>再次发送（相同 mid）</translation>
    </message>
    <message>
        <source>Repeats the last request with the same mid; if the first one arrived, the server answers “duplicate mid” and nothing is sent twice.</source>
        <translation>用相同的 mid 重复上一次请求；如果第一次已经送达，服务器会回答“mid 重复”，不会重复发送。</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>接收者：</translation>
    </message>
    <message>
        <source>To users:</source>
        <translation>接收用户：</translation>
    </message>
    <message>
        <source>Group id:</source>
        <translation>群组 ID：</translation>
    </message>
    <message>
        <source>Room id:</source>
        <translation>房间 ID：</translation>
    </message>
    <message>
        <source>Send to:</source>
        <translation>发送给：</translation>
    </message>
    <message>
        <source>From uid:</source>
        <translation>发送者 uid：</translation>
    </message>
    <message>
        <source>mtype:</source>
        <translation>mtype：</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Attrs:</source>
        <translation>attrs：</translation>
    </message>
    <message>
        <source>mid:</source>
        <translation>mid：</translation>
    </message>
    <message>
        <source>The connection changed before the answer to mid %1 arrived: check by mid whether it was delivered.</source>
        <translation>在 mid %1 的应答到达之前连接已变更：请按 mid 核对是否已送达。</translation>
    </message>
    <message>
        <source>From uid</source>
        <translation>发送者 uid</translation>
    </message>
    <message>
        <source>To uid</source>
        <translation>接收者 uid</translation>
    </message>
    <message>
        <source>Sender and receiver are the same user.</source>
        <translation>发送者和接收者是同一个用户。</translation>
    </message>
    <message>
        <source>Duplicate user ids are sent once: %1.</source>
        <translation>重复的用户 ID 只发送一次：%1。</translation>
    </message>
    <message>
        <source>Group id</source>
        <translation>群组 ID</translation>
    </message>
    <message>
        <source>Room id</source>
        <translation>房间 ID</translation>
    </message>
    <message>
        <source>The body is not valid base64.</source>
        <translation>正文不是有效的 base64。</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
    <message>
        <source>The message is %1 bytes; the server accepts at most %2.</source>
        <translation>消息为 %1 字节；服务器最多接受 %2 字节。</translation>
    </message>
    <message>
        <source>The attrs are %1 bytes; the server accepts at most %2.</source>
        <translation>attrs 为 %1 字节；服务器最多接受 %2 字节。</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mid</translation>
    </message>
    <message>
        <source>%1 / %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <source> — too long</source>
        <translation> — 过长</translation>
    </message>
    <message>
        <source>valid user ids: %1 of at most %2</source>
        <translation>有效用户 ID：%1 个（最多 %2 个）</translation>
    </message>
    <message>
        <source>This profile is read-only: sending is disabled.</source>
        <translation>此连接配置为只读：发送已禁用。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>P2P message</source>
        <translation>单聊消息</translation>
    </message>
    <message>
        <source>Message to several users</source>
        <translation>发给多个用户的消息</translation>
    </message>
    <message>
        <source>Group message</source>
        <translation>群组消息</translation>
    </message>
    <message>
        <source>Room message</source>
        <translation>房间消息</translation>
    </message>
    <message>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>every user of project %1</source>
        <translation>项目 %1 的所有用户</translation>
    </message>
    <message numerus="yes">
        <source>(%n byte(s) of binary data)</source>
        <translation>
            <numerusform>（%n 字节的二进制数据）</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending again to %1 (mid %2)…</source>
        <translation>正在再次发送给%1（mid %2）…</translation>
    </message>
    <message>
        <source>Sending to %1 (mid %2)…</source>
        <translation>正在发送给%1（mid %2）…</translation>
    </message>
    <message>
        <source>✔ Sent to %1 — mid %2, server time %3</source>
        <translation>✔ 已发送给%1 — mid %2，服务器时间 %3</translation>
    </message>
    <message>
        <source>✔ Already delivered — the server already has mid %1 for %2 (200053 duplicate mid), nothing was sent twice.</source>
        <translation>✔ 已送达 — 服务器已有发给%2的 mid %1（200053 mid 重复），没有重复发送。</translation>
    </message>
    <message>
        <source>✖ Not sent to %1 (mid %2): %3 — %4</source>
        <translation>✖ 未发送给%1（mid %2）：%3 — %4</translation>
    </message>
    <message>
        <source>
That mid was already used in this conversation; clear “Custom mid” to get a new one.</source>
        <translation>
该 mid 已在此对话中使用过；清空“自定义 mid”即可获得新的 mid。</translation>
    </message>
    <message>
        <source>
The message may or may not have arrived: use “Send again” — it reuses the mid, so it cannot arrive twice.</source>
        <translation>
消息可能已送达，也可能没有：请使用“再次发送” — 它复用同一个 mid，因此不会重复送达。</translation>
    </message>
    <message>
        <source>
Check the local clock: the server refuses requests whose time is off by more than a few minutes.</source>
        <translation>
请检查本机时钟：服务器会拒绝时间偏差超过几分钟的请求。</translation>
    </message>
    <message>
        <source>Attrs are empty (allowed).</source>
        <translation>attrs 为空（允许）。</translation>
    </message>
    <message numerus="yes">
        <source>✔ Attrs are valid JSON (%n byte(s) compact).</source>
        <translation>
            <numerusform>✔ attrs 是有效的 JSON（紧凑格式 %n 字节）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Attrs are already indented.</source>
        <translation>attrs 已经缩进。</translation>
    </message>
    <message>
        <source>Attrs indented: only spaces and line breaks changed, and they are sent as shown. Ctrl+Z restores your text.</source>
        <translation>attrs 已缩进：只改变了空格和换行，将按显示的内容发送。Ctrl+Z 可恢复原文本。</translation>
    </message>
</context>
<context>
    <name>ui::TimeText</name>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 local (%2)</source>
        <translation>%1 本地（%2）</translation>
    </message>
</context>
</TS>
