#pragma once

// FPNN error codes (protocol.md 5.1). Names and meanings for people live in
// core/rtm/rtmerror.h, which covers the RTM codes as well.

namespace fpnn {

enum ErrorCode : int {
    Ok = 0,
    ProtoUnknownError = 10001,
    ProtoNotSupported = 10002,
    ProtoInvalidPackage = 10003,
    ProtoJsonConvert = 10004,
    ProtoStringKey = 10005,
    ProtoMapValue = 10006,
    ProtoMethodType = 10007,
    ProtoProtoType = 10008,
    ProtoKeyNotFound = 10009,
    ProtoTypeConvert = 10010,
    ProtoFileSign = 10011,
    ProtoFileNotExist = 10012,
    CoreUnknownError = 20001,
    CoreConnectionClosed = 20002,
    CoreTimeout = 20003,
    CoreUnknownMethod = 20004,
    CoreEncoding = 20005,
    CoreDecoding = 20006,
    CoreSendError = 20007,
    CoreRecvError = 20008,
    CoreInvalidPackage = 20009,
    CoreHttpError = 20010,
    CoreWorkQueueFull = 20011,
    CoreInvalidConnection = 20012,
    CoreForbidden = 20013,
    CoreServerStopping = 20014,
    CoreCancelled = 20015,
    ZipCompress = 30001,
    ZipDecompress = 30002,
};

} // namespace fpnn
