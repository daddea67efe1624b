// Oracle for IPNS records: the npm `ipns` package validates, reads, selects and creates them.
//
// usage:  node ipns.mjs   stdin: { "op": ..., ... }
//   op "validate": { "records": [ { "routingKey": hex, "record": hex } ... ] }
//       -> [ { "valid": bool, "error": name or null, "message": text or null,
//              "value", "validity", "sequence", "ttl", "hasSignatureV1", "pubKey": hex or null } ... ]
//       ipnsValidator(routingKey, record) decides validity; unmarshalIPNSRecord reads the fields when it can.
//   op "select": { "routingKey": hex, "records": [hex ...] } -> { "index": ipnsSelector(routingKey, records) }
//   op "create": { "keys": [ { "privateKey": hex (libp2p PrivateKey protobuf), "value", "sequence",
//                  "expiration": RFC 3339, "ttlNs", "v1Compatible": bool } ... ] }
//       -> [ { "name": base36 CIDv1 of the peer id, "peerId": base58, "routingKey": hex, "record": hex } ... ]
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createIPNSRecordWithExpiration, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsSelector } from 'ipns/selector'
import { ipnsValidator } from 'ipns/validator'
import { base36 } from 'multiformats/bases/base36'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

const fromHex = (hex) => Uint8Array.from(Buffer.from(hex, 'hex'))
const toHex = (bytes) => Buffer.from(bytes).toString('hex')

async function validate ({ records }) {
  const results = []
  for (const { routingKey, record } of records) {
    const result = { valid: false, error: null, message: null }
    try {
      await ipnsValidator(fromHex(routingKey), fromHex(record))
      result.valid = true
    } catch (err) {
      result.error = err.name
      result.message = err.message
    }
    try {
      const parsed = unmarshalIPNSRecord(fromHex(record))
      Object.assign(result, {
        value: parsed.value,
        validity: parsed.validity,
        sequence: parsed.sequence.toString(),
        ttl: parsed.ttl?.toString() ?? null,
        hasSignatureV1: parsed.signatureV1 != null,
        pubKey: parsed.pubKey == null ? null : toHex(parsed.pubKey)
      })
    } catch (err) {
      result.unmarshalError = err.name
    }
    results.push(result)
  }
  return results
}

async function create ({ keys }) {
  const results = []
  for (const spec of keys) {
    const privateKey = privateKeyFromProtobuf(fromHex(spec.privateKey))
    const peerId = peerIdFromPrivateKey(privateKey)
    const record = await createIPNSRecordWithExpiration(privateKey, spec.value, BigInt(spec.sequence), spec.expiration, {
      ttlNs: BigInt(spec.ttlNs),
      v1Compatible: spec.v1Compatible
    })
    results.push({
      name: peerId.toCID().toString(base36),
      peerId: peerId.toString(),
      routingKey: toHex(multihashToIPNSRoutingKey(peerId.toMultihash())),
      record: toHex(marshalIPNSRecord(record))
    })
  }
  return results
}

runMain(async () => {
  const request = await readJsonFromStdin()
  switch (request.op) {
    case 'validate':
      writeJson(await validate(request))
      break
    case 'select':
      writeJson({ index: ipnsSelector(fromHex(request.routingKey), request.records.map(fromHex)) })
      break
    case 'create':
      writeJson(await create(request))
      break
    default:
      throw new Error(`unknown op ${request.op}`)
  }
})
