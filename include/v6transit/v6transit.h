/*
 * libv6transit - IPv6 transition building blocks.
 * SPDX-License-Identifier: BSD-2-Clause
 */
/**
 * \file v6transit.h
 * \brief Umbrella header: include this one to get every module.
 */
#ifndef V6TRANSIT_V6TRANSIT_H
#define V6TRANSIT_V6TRANSIT_H

#include "common.h"
#include "addr.h"
#include "packet.h"
#include "flowlabel.h"
#include "frag.h"
#include "icmp.h"
#include "xlat.h"
#include "tunnel.h"

#endif /* V6TRANSIT_V6TRANSIT_H */
