#!/usr/bin/env python3
"""Rewrites every SPS of an Annex B H.264 stream (baseline or main profile, no scaling matrices) to declare
WIDTHxHEIGHT, leaving the slices alone: a tiny file whose header claims a huge picture.

usage: huge-sps.py in.h264 out.h264 16000 16000
"""
import re
import sys


class Bits:
    def __init__(self, data):
        self.bits = ''.join(f'{b:08b}' for b in data)
        self.at = 0

    def u(self, n):
        value = int(self.bits[self.at:self.at + n], 2)
        self.at += n
        return value

    def ue(self):
        zeros = 0
        while self.bits[self.at] == '0':
            zeros += 1
            self.at += 1
        return self.u(zeros + 1) - 1

    def se(self):
        k = self.ue()
        return (k + 1) // 2 if k % 2 else -(k // 2)


def ue(value):
    code = f'{value + 1:b}'
    return '0' * (len(code) - 1) + code


def unescape(payload):
    return re.sub(b'\x00\x00\x03', b'\x00\x00', payload)


def escape(rbsp):
    out, zeros = bytearray(), 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def rewrite_sps(nal, width, height):
    reader = Bits(unescape(nal[1:]))
    profile = reader.u(8)
    reader.u(16)  # constraint flags, level
    reader.ue()   # sps id
    assert profile in (66, 77, 88), f'profile {profile}: only baseline/main/extended are handled'
    reader.ue()   # log2_max_frame_num_minus4
    poc_type = reader.ue()
    if poc_type == 0:
        reader.ue()
    elif poc_type == 1:
        reader.u(1), reader.se(), reader.se()
        for _ in range(reader.ue()):
            reader.se()
    reader.ue(), reader.u(1)  # max_num_ref_frames, gaps_in_frame_num_allowed
    start = reader.at
    reader.ue(), reader.ue()  # the size, replaced
    rest = reader.bits[reader.at:].rstrip('0')[:-1]  # without the stop bit and its padding
    bits = reader.bits[:start] + ue(width // 16 - 1) + ue(height // 16 - 1) + rest + '1'
    bits += '0' * (-len(bits) % 8)
    return nal[:1] + escape(int(bits, 2).to_bytes(len(bits) // 8, 'big'))


def main(source, target, width, height):
    data = open(source, 'rb').read()
    parts = re.split(b'(\x00\x00\x01)', data)
    out = bytearray(parts[0])
    for marker, nal in zip(parts[1::2], parts[2::2]):
        out += marker
        if nal and nal[0] & 0x1F == 7:
            body = nal.rstrip(b'\x00')  # the zero of a following 4-byte start code stays
            nal = rewrite_sps(body, width, height) + nal[len(body):]
        out += nal
    open(target, 'wb').write(out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
