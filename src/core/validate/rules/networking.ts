/**
 * NetworkPolicies and Ingresses: pkg/apis/networking/validation/validation.go (Kubernetes v1.36),
 * after pkg/apis/networking/v1/defaults.go (port protocol TCP; policyTypes from the rules).
 */
import {cidrStrictlyContains, isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, parseCIDRStrict, parseIP} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkLabelSelector, checkName, checkObjectMeta} from './object-meta';
import {arr, has, num, obj, objItems, str, type Obj} from './values';

/** ValidateNetworkPolicyPort. */
function checkPolicyPort(r: Reporter, path: Path, port: Obj): void {
  if (typeof port.protocol === 'string' && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
    r.report('UNSUPPORTED_VALUE', [...path, 'protocol'], {value: port.protocol, supported: 'TCP, UDP, SCTP'});
  }
  const endPort = num(port.endPort);
  if (typeof port.port === 'number') {
    if (!isValidPortNum(port.port)) r.report('VALUE_OUT_OF_RANGE', [...path, 'port'], {value: port.port, min: 1, max: 65535});
    if (endPort !== undefined) {
      if (endPort < port.port) r.report('INVALID_VALUE', [...path, 'endPort'], {value: endPort, reason: 'end-port-below-port'});
      if (!isValidPortNum(endPort)) r.report('VALUE_OUT_OF_RANGE', [...path, 'endPort'], {value: endPort, min: 1, max: 65535});
    }
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) r.report('INVALID_VALUE', [...path, 'endPort'], {value: endPort, reason: 'end-port-with-named-port'});
    if (!isValidPortName(port.port)) r.report('INVALID_PORT_NAME', [...path, 'port'], {value: port.port});
  } else if (endPort !== undefined) {
    r.report('FORBIDDEN_FIELD', [...path, 'endPort'], {field: 'endPort', reason: 'needs-other-field'});
  }
}

/** ValidateIPBlock (strict CIDRs: StrictIPCIDRValidation is on by default in 1.36). */
function checkIPBlock(r: Reporter, path: Path, block: Obj): void {
  const cidrText = str(block.cidr);
  if (cidrText === '') {
    if (!r.has('REQUIRED_FIELD', [...path, 'cidr'])) r.report('REQUIRED_FIELD', [...path, 'cidr'], {field: 'cidr'});
    return;
  }
  const cidr = parseCIDRStrict(cidrText);
  if (!cidr) {
    r.report('INVALID_CIDR', [...path, 'cidr'], {value: cidrText});
    return;
  }
  arr(block.except).forEach((e, i) => {
    if (typeof e !== 'string') return;
    const except = parseCIDRStrict(e);
    if (!except) r.report('INVALID_CIDR', [...path, 'except', i], {value: e});
    // "must be a strict subset of `cidr`"
    else if (!cidrStrictlyContains(cidr, except)) r.report('CIDR_EXCEPT_OUTSIDE', [...path, 'except', i], {value: e, cidr: cidrText});
  });
}

/** ValidateNetworkPolicyPeer. */
function checkPeer(r: Reporter, path: Path, peer: Obj): void {
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => has(peer, k));
  if (has(peer, 'podSelector')) checkLabelSelector(r, [...path, 'podSelector'], peer.podSelector);
  if (has(peer, 'namespaceSelector')) checkLabelSelector(r, [...path, 'namespaceSelector'], peer.namespaceSelector);
  if (has(peer, 'ipBlock')) checkIPBlock(r, [...path, 'ipBlock'], obj(peer.ipBlock) ?? {});
  // "must specify a peer" / "may not specify both ipBlock and another peer"
  if (kinds.length === 0) r.report('ONE_OF_REQUIRED', path, {fields: 'podSelector, namespaceSelector, ipBlock'});
  else if (kinds.length > 1 && has(peer, 'ipBlock')) r.report('MUTUALLY_EXCLUSIVE', path, {fields: kinds.join(', ')});
}

/** ValidateNetworkPolicy -> ValidateNetworkPolicySpec (ValidateNetworkPolicyName = NameIsDNSSubdomain). */
export function checkNetworkPolicy(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  checkLabelSelector(r, ['spec', 'podSelector'], spec.podSelector);
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const [rule, i] of objItems(spec[dir])) {
      for (const [port, j] of objItems(rule.ports)) checkPolicyPort(r, ['spec', dir, i, 'ports', j], port);
      for (const [peer, j] of objItems(rule[peers])) checkPeer(r, ['spec', dir, i, peers, j], peer);
    }
  }
  const types = arr(spec.policyTypes);
  if (types.length > 2) {
    r.report('VALUE_OUT_OF_RANGE', ['spec', 'policyTypes'], {value: types.length, max: 2});
    return;
  }
  types.forEach((t, i) => {
    if (typeof t === 'string' && t !== 'Ingress' && t !== 'Egress')
      r.report('UNSUPPORTED_VALUE', ['spec', 'policyTypes', i], {value: t, supported: 'Ingress, Egress'});
  });
}

/** IsWildcardDNS1123Subdomain. */
function isWildcardSubdomain(v: string): boolean {
  return v.length <= 253 && /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v);
}

/** validateIngressBackend (RelaxedServiceNameValidation: service names are DNS-1123 labels). */
function checkBackend(r: Reporter, path: Path, backend: Obj): void {
  const hasResource = has(backend, 'resource');
  const service = obj(backend.service);
  if (hasResource && service) {
    r.report('MUTUALLY_EXCLUSIVE', path, {fields: 'resource, service'});
    return;
  }
  if (hasResource) return;
  if (!service) {
    r.report('ONE_OF_REQUIRED', path, {fields: 'resource, service'});
    return;
  }
  const name = str(service.name);
  if (name === '') {
    if (!r.has('REQUIRED_FIELD', [...path, 'service', 'name'])) r.report('REQUIRED_FIELD', [...path, 'service', 'name'], {field: 'name'});
  } else if (!isDNS1123Label(name)) r.report('INVALID_DNS1123_LABEL', [...path, 'service', 'name'], {value: name, maxLength: 63});
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName !== '' && portNumber !== 0) r.report('MUTUALLY_EXCLUSIVE', path, {fields: 'port.name, port.number'});
  else if (portName !== '') {
    if (!isValidPortName(portName)) r.report('INVALID_PORT_NAME', [...path, 'service', 'port', 'name'], {value: portName});
  } else if (portNumber !== 0) {
    if (!isValidPortNum(portNumber)) r.report('VALUE_OUT_OF_RANGE', [...path, 'service', 'port', 'number'], {value: portNumber, min: 1, max: 65535});
  } else r.report('ONE_OF_REQUIRED', [...path, 'service', 'port'], {fields: 'name, number'});
}

/** validateIngress -> ValidateIngressSpec (ValidateIngressName = NameIsDNSSubdomain). */
export function checkIngress(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const rules = objItems(spec.rules);
  if (rules.length === 0 && !has(spec, 'defaultBackend')) r.report('ONE_OF_REQUIRED', ['spec'], {fields: 'defaultBackend, rules'});
  if (has(spec, 'defaultBackend')) checkBackend(r, ['spec', 'defaultBackend'], obj(spec.defaultBackend) ?? {});
  for (const [rule, i] of rules) {
    const host = str(rule.host);
    const p = ['spec', 'rules', i];
    if (host !== '') {
      if (parseIP(host) || /^[0-9.]+$/.test(host)) r.report('INVALID_VALUE', [...p, 'host'], {value: host, reason: 'format'});
      else if (host.includes('*') ? !isWildcardSubdomain(host) : !isDNS1123Subdomain(host)) {
        r.report('INVALID_DNS1123_SUBDOMAIN', [...p, 'host'], {value: host, maxLength: 253});
      }
    }
    const http = obj(rule.http);
    if (!http) continue;
    const paths = objItems(http.paths);
    if (paths.length === 0 && !r.has('REQUIRED_FIELD', [...p, 'http', 'paths'])) r.report('REQUIRED_FIELD', [...p, 'http', 'paths'], {field: 'paths'});
    for (const [hp, j] of paths) {
      const pp = [...p, 'http', 'paths', j];
      const pathType = str(hp.pathType);
      const value = str(hp.path);
      if (pathType === '') {
        if (!r.has('REQUIRED_FIELD', [...pp, 'pathType'])) r.report('REQUIRED_FIELD', [...pp, 'pathType'], {field: 'pathType'});
        continue;
      }
      if (pathType === 'Exact' || pathType === 'Prefix') {
        if (!value.startsWith('/')) r.report('INVALID_PATH', [...pp, 'path'], {value, reason: 'absolute'});
        else if (['//', '/./', '/../', '%2f', '%2F'].some((x) => value.includes(x)) || value.endsWith('/..') || value.endsWith('/.')) {
          r.report('INVALID_PATH', [...pp, 'path'], {value, reason: 'backsteps'});
        }
      } else if (pathType === 'ImplementationSpecific') {
        if (value !== '' && !value.startsWith('/')) r.report('INVALID_PATH', [...pp, 'path'], {value, reason: 'absolute'});
      } else r.report('UNSUPPORTED_VALUE', [...pp, 'pathType'], {value: pathType, supported: 'Exact, ImplementationSpecific, Prefix'});
      checkBackend(r, [...pp, 'backend'], obj(hp.backend) ?? {});
    }
  }
  for (const [tls, i] of objItems(spec.tls)) {
    arr(tls.hosts).forEach((h, j) => {
      if (typeof h !== 'string') return;
      if (h.includes('*') ? !isWildcardSubdomain(h) : !isDNS1123Subdomain(h)) {
        r.report('INVALID_DNS1123_SUBDOMAIN', ['spec', 'tls', i, 'hosts', j], {value: h, maxLength: 253});
      }
    });
    const secretName = str(tls.secretName);
    if (secretName !== '') checkName(r, ['spec', 'tls', i, 'secretName'], secretName, 'dns1123-subdomain');
  }
  if (typeof spec.ingressClassName === 'string') checkName(r, ['spec', 'ingressClassName'], spec.ingressClassName, 'dns1123-subdomain');
}
