#!/usr/bin/env python3
"""Writes seed inputs for the fuzz harnesses from tests/data/vectors.json.

Usage:
  make_seeds.py                 # curated seeds into tests/fuzz/corpus/{fuzz_frame,fuzz_msgpack,fuzz_encrypted}
  make_seeds.py --all DIR       # every vector frame and payload, for a fuzzing work dir
                                # (DIR/fuzz_frame, DIR/fuzz_msgpack, DIR/fuzz_encrypted)

Seed file names start with "seed-"; minimized finds saved by hand start with "find-".
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, '..', 'data', 'vectors.json')


def header(mtype, ss, psize, flag=0x80, version=0, magic=b'FPNN'):
    return magic + bytes([version, flag, mtype, ss]) + struct.pack('<I', psize)


def malformed_frames(ok_answer):
    """Byte streams that must each stop the decoder with a typed error."""
    return {
        'bad-magic': b'POST' + ok_answer[4:],
        'flag-json': ok_answer[:5] + b'\x40' + ok_answer[6:],
        'flag-both': ok_answer[:5] + b'\xc0' + ok_answer[6:],
        'flag-none': ok_answer[:5] + b'\x00' + ok_answer[6:],
        'flag-zip': ok_answer[:5] + b'\xa0' + ok_answer[6:],
        'mtype-3': ok_answer[:6] + b'\x03' + ok_answer[7:],
        'empty-method': header(1, 0, 1) + b'\x01\x00\x00\x00\x80',
        'oversized-4g': header(2, 0, 0xffffffff) + b'\x01\x00\x00\x00',
        'truncated': ok_answer[:-1],
        'answer-empty-payload': header(2, 0, 0) + b'\x05\x00\x00\x00',
        'payload-c1': header(2, 0, 1) + b'\x05\x00\x00\x00\xc1',
        'payload-not-map': header(2, 0, 1) + b'\x05\x00\x00\x00\x90',
        'payload-int-key': header(2, 0, 3) + b'\x05\x00\x00\x00\x81\x01\x02',
        'payload-trailing': header(2, 0, 2) + b'\x05\x00\x00\x00\x80\x80',
        'payload-array32-bomb': header(2, 0, 5) + b'\x05\x00\x00\x00\xdd\xff\xff\xff\xff',
        'error-answer-no-code': header(2, 1, 1) + b'\x06\x00\x00\x00\x80',
        'error-answer-code-u64max': header(2, 1, 16) + b'\x07\x00\x00\x00'
                                    + b'\x82\xa4code\xcf' + b'\xff' * 8 + b'\xa2ex\x01',
    }


def msgpack_bombs():
    return {
        'array32-max': b'\xdd\xff\xff\xff\xff' + b'\x00' * 5,
        'map32-max': b'\xdf\xff\xff\xff\xff' + b'\x00' * 5,
        'str32-4g': b'\xdb\xff\xff\xff\xff' + b'a' * 5,
        'bin32-4g': b'\xc6\xff\xff\xff\xff' + b'a' * 5,
        'deep-1000': b'\x91' * 1000 + b'\x00',
        'reserved-c1': b'\xc1',
        'ext': b'\xd4\x01\x02',
        'ints': b'\x96\xcc\x05\xcd\x00\x05\xce\x00\x00\x00\x05\xd0\xfb\xd1\xff\xfb\xd3\xff\xff\xff\xff\xff\xff\xff\xfb',
        'u64-max': b'\x81\xa1x\xcf\xff\xff\xff\xff\xff\xff\xff\xff',
        'floats': b'\x82\xa1f\xca\x3f\xc0\x00\x00\xa1d\xcb\x3f\xf8\x00\x00\x00\x00\x00\x00',
        'dup-keys': b'\x82\xa1a\x01\xa1a\x02',
    }


def msgpack_harness_inputs():
    """Inputs for fuzz_msgpack including its first (limits) byte: 0x00 = default limits,
    0xff = tight limits (depth 4, arrays 1, maps 3, strings 21 bytes, 3 values in all)."""
    return {
        'nil-and-newline': b'\x00\x82\xa1n\xc0\xa1s\xa2a\n',
        'container-key': b'\x00\x81\x90\x01',
        'tight-long-str': b'\xff\xbe' + b'a' * 30,
        'tight-too-many-values': b'\xff\x83\xa1a\x01\xa1b\x02\xa1c\x03',
        'tight-array-2': b'\xff\x92\x01\x02',
    }


def encrypted_seeds(v):
    """Inputs for fuzz_encrypted including its mode byte (bit 0 stream, bit 1 plaintext to be
    encrypted first, bit 2 AES-256, bit 3 server-side connection, bit 4 client-side connection);
    the harness uses the secp256k1 vector keys."""
    out = {}
    for c in v['encryption']['cases']:
        if c['curve'] != 'secp256k1':
            continue
        aes = 4 if c['bits'] == 256 else 0
        for d in ('c2s', 's2c'):
            msgs = [w for w in c['package_mode_wire'] if w['dir'] == d]
            package = b''.join(bytes.fromhex(w['wire_hex']) for w in msgs)
            stream = b''.join(bytes.fromhex(x) for x in c['stream_mode_fpnn_cpp'][d + '_wire_hex'])
            plain = b''.join(bytes.fromhex(w['plaintext_frame_hex']) for w in msgs)
            out['%s-package-%s' % (c['name'], d)] = bytes([aes]) + package
            out['%s-stream-%s' % (c['name'], d)] = bytes([aes | 1]) + stream
            out['%s-plain-package-%s' % (c['name'], d)] = bytes([aes | 2]) + plain
            out['%s-plain-stream-%s' % (c['name'], d)] = bytes([aes | 3]) + plain
        # What a server reads: the plaintext *key, then the encrypted quests.
        key_quest = bytes.fromhex(c['key_quest']['frame_hex'])
        c2s = [w for w in c['package_mode_wire'] if w['dir'] == 'c2s']
        out['%s-server-package' % c['name']] = bytes([aes | 8]) + key_quest + b''.join(bytes.fromhex(w['wire_hex']) for w in c2s)
        out['%s-server-stream' % c['name']] = bytes([aes | 9]) + key_quest + b''.join(
            bytes.fromhex(x) for x in c['stream_mode_fpnn_cpp']['c2s_wire_hex'])
        # What a client reads after its *key: the encrypted answers.
        s2c = [w for w in c['package_mode_wire'] if w['dir'] == 's2c']
        out['%s-client-package' % c['name']] = bytes([aes | 16]) + b''.join(bytes.fromhex(w['wire_hex']) for w in s2c)
        out['%s-client-stream' % c['name']] = bytes([aes | 17]) + b''.join(
            bytes.fromhex(x) for x in c['stream_mode_fpnn_cpp']['s2c_wire_hex'])
    # A server without encryption answers *key in plaintext.
    out['client-plain-reply'] = b'\x10' + b''.join(bytes.fromhex(w['plaintext_frame_hex'])
                                                  for w in v['encryption']['cases'][0]['package_mode_wire'] if w['dir'] == 's2c')
    out['server-plain'] = b'\x08' + b''.join(bytes.fromhex(w['plaintext_frame_hex'])
                                            for w in v['encryption']['cases'][0]['package_mode_wire'] if w['dir'] == 'c2s')
    first = bytes.fromhex(v['encryption']['cases'][0]['package_mode_wire'][1]['wire_hex'])
    out['package-4g-length'] = b'\x00\xff\xff\xff\xff' + first[4:]
    out['package-too-short'] = b'\x00\x05\x00\x00\x00' + first[4:9]
    out['package-length-plus-one'] = b'\x00' + (int.from_bytes(first[:4], 'little') + 1).to_bytes(4, 'little') + first[4:] + b'x'
    out['package-truncated'] = b'\x00' + first[:-1]
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def main():
    with open(VECTORS) as f:
        v = json.load(f)
    frames = []   # (name, bytes)
    payloads = []
    for c in v['plaintext_cases']:
        frames.append((c['name'] + '-quest', bytes.fromhex(c['quest_frame_hex'])))
        frames.append((c['name'] + '-answer', bytes.fromhex(c['answer_frame_hex'])))
        payloads.append((c['name'] + '-quest', bytes.fromhex(c['quest']['payload_hex'])))
        payloads.append((c['name'] + '-answer', bytes.fromhex(c['answer']['payload_hex'])))
    for g in v['generic_frames']:
        frames.append((g['name'], bytes.fromhex(g['frame_hex'])))
    ok_answer = dict(frames)['empty_ok_answer']

    if len(sys.argv) == 3 and sys.argv[1] == '--all':
        out = sys.argv[2]
        for name, data in frames:
            write(os.path.join(out, 'fuzz_frame', 'seed-' + name), data)
        write(os.path.join(out, 'fuzz_frame', 'seed-all-frames'), b''.join(d for _, d in frames))
        for name, data in malformed_frames(ok_answer).items():
            write(os.path.join(out, 'fuzz_frame', 'seed-' + name), data)
        for name, data in payloads:
            write(os.path.join(out, 'fuzz_msgpack', 'seed-' + name), b'\x00' + data)
            write(os.path.join(out, 'fuzz_msgpack', 'seed-tight-' + name), b'\xff' + data)
        for name, data in msgpack_bombs().items():
            write(os.path.join(out, 'fuzz_msgpack', 'seed-' + name), b'\x00' + data)
        for name, data in msgpack_harness_inputs().items():
            write(os.path.join(out, 'fuzz_msgpack', 'seed-' + name), data)
        for name, data in encrypted_seeds(v).items():
            write(os.path.join(out, 'fuzz_encrypted', 'seed-' + name), data)
        return
    if len(sys.argv) != 1:
        sys.exit(__doc__)

    corpus = os.path.join(HERE, 'corpus')
    keep = {'sendmsg-quest', 'sendmsg_binary-quest', 'getgroupmsg_all_params-answer',
            'error_unknown_method_with_raiser-answer', 'getmsgnum_all_params-quest'}
    for name, data in frames:
        if name in keep or not name.endswith(('-quest', '-answer')):
            write(os.path.join(corpus, 'fuzz_frame', 'seed-' + name), data)
    write(os.path.join(corpus, 'fuzz_frame', 'seed-all-frames'), b''.join(d for _, d in frames))
    for name, data in malformed_frames(ok_answer).items():
        write(os.path.join(corpus, 'fuzz_frame', 'seed-' + name), data)
    pkeep = {'sendmsg_binary-quest', 'getgroupmsg_minimal-answer', 'error_message_not_found-answer'}
    for name, data in payloads:
        if name in pkeep:
            write(os.path.join(corpus, 'fuzz_msgpack', 'seed-' + name), b'\x00' + data)
            write(os.path.join(corpus, 'fuzz_msgpack', 'seed-tight-' + name), b'\xff' + data)
    for name, data in msgpack_bombs().items():
        write(os.path.join(corpus, 'fuzz_msgpack', 'seed-' + name), b'\x00' + data)
    for name, data in msgpack_harness_inputs().items():
        write(os.path.join(corpus, 'fuzz_msgpack', 'seed-' + name), data)
    for name, data in encrypted_seeds(v).items():
        write(os.path.join(corpus, 'fuzz_encrypted', 'seed-' + name), data)


if __name__ == '__main__':
    main()
