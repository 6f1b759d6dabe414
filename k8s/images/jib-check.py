#!/usr/bin/env python3
"""Checks the build's Jib images without a container registry or a Docker daemon.

  jib-check.py serve PORT STORE     a minimal registry (OCI distribution API v2) on 127.0.0.1:PORT that accepts the
                                    pushes Jib makes and keeps blobs and manifests under STORE
  jib-check.py base OUT.tar         a stand-in base image (docker-save tarball, user 185, a run-java.sh) for
                                    quarkus.jib.base-jvm-image=tar://OUT.tar when the real base cannot be pulled
  jib-check.py verify STORE GROUP TAG SERVICE...
                                    checks each pushed image: the run-java.sh entry point, user 185, ports 8080 and
                                    9000, the fast-jar under /deployments, its layers in Quarkus' order on the base

k8s/images/check runs the three around the build's images profile.
"""
import gzip, hashlib, http.server, io, json, os, re, socketserver, sys, tarfile, uuid

ROOT = None
uploads = {}

class Registry(http.server.BaseHTTPRequestHandler):
    """Blob uploads (chunked or in one request), blob and manifest reads, manifest pushes: what Jib calls."""
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        sys.stderr.write(fmt % args + '\n')

    def body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            data = bytearray()
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return bytes(data)
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def answer(self, status, data=b'', headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.send_header('Docker-Distribution-API-Version', 'registry/2.0')
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    @staticmethod
    def blob(digest):
        return f'{ROOT}/blobs/' + digest.replace(':', '_')

    @staticmethod
    def manifest(name, reference):
        return f'{ROOT}/manifests/' + name.replace('/', '_') + '@' + reference.replace(':', '_')

    def route(self):
        path, _, query = self.path.partition('?')
        query = dict(p.split('=', 1) for p in query.split('&') if '=' in p)
        data = self.body()
        if path in ('/v2/', '/v2'):
            return self.answer(200, b'{}')
        m = re.match(r'^/v2/(.+)/blobs/uploads/([^/]*)$', path)
        if m:
            name, upload = m.groups()
            if self.command == 'POST':
                # a cross-repository mount is answered as a plain upload (202), which the API allows
                upload = str(uuid.uuid4())
                uploads[upload] = bytearray()
                return self.answer(202, headers={'Location': f'/v2/{name}/blobs/uploads/{upload}', 'Range': '0-0',
                                                 'Docker-Upload-UUID': upload})
            if upload not in uploads:
                return self.answer(404, b'{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}')
            uploads[upload] += data
            if self.command == 'PATCH':
                return self.answer(202, headers={'Location': f'/v2/{name}/blobs/uploads/{upload}',
                                                 'Range': f'0-{len(uploads[upload]) - 1}'})
            if self.command == 'PUT':
                content, digest = bytes(uploads.pop(upload)), query.get('digest', '').replace('%3A', ':')
                if 'sha256:' + hashlib.sha256(content).hexdigest() != digest:
                    return self.answer(400, b'{"errors":[{"code":"DIGEST_INVALID"}]}')
                with open(self.blob(digest), 'wb') as f:
                    f.write(content)
                return self.answer(201, headers={'Location': f'/v2/{name}/blobs/{digest}',
                                                 'Docker-Content-Digest': digest})
        m = re.match(r'^/v2/(.+)/blobs/(sha256:[0-9a-f]{64})$', path)
        if m and self.command in ('GET', 'HEAD'):
            if not os.path.exists(self.blob(m.group(2))):
                return self.answer(404, b'{"errors":[{"code":"BLOB_UNKNOWN"}]}')
            with open(self.blob(m.group(2)), 'rb') as f:
                return self.answer(200, f.read(), {'Docker-Content-Digest': m.group(2),
                                                   'Content-Type': 'application/octet-stream'})
        m = re.match(r'^/v2/(.+)/manifests/([^/]+)$', path)
        if m:
            name, reference = m.groups()
            if self.command == 'PUT':
                digest = 'sha256:' + hashlib.sha256(data).hexdigest()
                for ref in (reference, digest):
                    with open(self.manifest(name, ref), 'wb') as f:
                        f.write(data)
                    with open(self.manifest(name, ref) + '.type', 'w') as f:
                        f.write(self.headers.get('Content-Type', ''))
                return self.answer(201, headers={'Location': f'/v2/{name}/manifests/{digest}',
                                                 'Docker-Content-Digest': digest})
            if not os.path.exists(self.manifest(name, reference)):
                return self.answer(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
            with open(self.manifest(name, reference), 'rb') as f:
                content = f.read()
            with open(self.manifest(name, reference) + '.type') as f:
                media_type = f.read()
            return self.answer(200, content, {'Content-Type': media_type,
                                              'Docker-Content-Digest': 'sha256:' + hashlib.sha256(content).hexdigest()})
        return self.answer(404, b'{"errors":[{"code":"NAME_UNKNOWN"}]}')

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = route


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(port, store):
    global ROOT
    ROOT = store
    os.makedirs(ROOT + '/blobs', exist_ok=True)
    os.makedirs(ROOT + '/manifests', exist_ok=True)
    Server(('127.0.0.1', int(port)), Registry).serve_forever()


RUN_JAVA = b'#!/bin/sh\nexec java $JAVA_OPTS_APPEND $GC_CONTAINER_OPTIONS -jar "$JAVA_APP_JAR" "$@"\n'


def base(out):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode='w') as t:
        info = tarfile.TarInfo('opt/jboss/container/java/run/run-java.sh')
        info.size, info.mode = len(RUN_JAVA), 0o755
        t.addfile(info, io.BytesIO(RUN_JAVA))
    layer = layer.getvalue()
    config = json.dumps({'architecture': 'amd64', 'os': 'linux',
                         'config': {'User': '185', 'Env': ['PATH=/usr/bin:/bin', 'JAVA_HOME=/usr/lib/jvm/jre']},
                         'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + hashlib.sha256(layer).hexdigest()]}})
    manifest = json.dumps([{'Config': 'config.json', 'RepoTags': ['stand-in/openjdk-17-runtime:check'],
                            'Layers': ['layer.tar']}])
    with tarfile.open(out, 'w') as t:
        for name, data in (('layer.tar', layer), ('config.json', config.encode()), ('manifest.json', manifest.encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))


def verify(store, group, tag, services):
    failures = []
    for service in services:
        def fail(what):
            failures.append(f'{service}: {what}')
        path = f'{store}/manifests/{group}_{service}@{tag}'
        if not os.path.exists(path):
            fail('no image was pushed')
            continue
        manifest = json.load(open(path))
        blob = lambda d: open(f'{store}/blobs/' + d.replace(':', '_'), 'rb').read()
        config = json.loads(blob(manifest['config']['digest']))
        c = config['config']
        env = dict(e.split('=', 1) for e in c.get('Env', []))
        if c.get('Entrypoint') != ['/opt/jboss/container/java/run/run-java.sh']:
            fail(f'entry point {c.get("Entrypoint")}')
        if c.get('User') != '185':
            fail(f'user {c.get("User")}')
        if sorted(c.get('ExposedPorts', {})) != ['8080/tcp', '9000/tcp']:
            fail(f'ports {sorted(c.get("ExposedPorts", {}))}')
        if env.get('JAVA_APP_JAR') != '/deployments/quarkus-run.jar':
            fail(f'JAVA_APP_JAR {env.get("JAVA_APP_JAR")}')
        if '-Djava.util.logging.manager=org.jboss.logmanager.LogManager' not in env.get('JAVA_OPTS_APPEND', ''):
            fail(f'JAVA_OPTS_APPEND {env.get("JAVA_OPTS_APPEND")}')
        files, comments = {}, [h.get('comment', '') for h in config.get('history', [])]
        for i, layer in enumerate(manifest['layers']):
            with tarfile.open(fileobj=io.BytesIO(gzip.decompress(blob(layer['digest'])))) as t:
                for m in t.getmembers():
                    files.setdefault(m.name, i)
        for needed in ('opt/jboss/container/java/run/run-java.sh', 'deployments/quarkus-run.jar',
                       'deployments/quarkus/quarkus-application.dat', f'deployments/app/{service}-'):
            if not any(name.startswith(needed) for name in files):
                fail(f'no {needed} in its layers')
        if files.get('opt/jboss/container/java/run/run-java.sh') != 0:
            fail('the base image is not its first layer')
        libs = [name for name in files if name.startswith('deployments/lib/main/')]
        if not libs:
            fail('no dependencies in deployments/lib/main')
        if not {'fast-jar-normal-libs', 'fast-jar-run'} <= set(comments):
            fail(f'not Quarkus fast-jar layers: {comments}')
        size = sum(layer['size'] for layer in manifest['layers'])
        print(f'{service}: {len(manifest["layers"])} layers, {size / 1e6:.1f} MB compressed, {len(libs)} libraries, '
              f'entry point {c.get("Entrypoint", [""])[0]}, user {c.get("User")}, '
              f'ports {",".join(p.split("/")[0] for p in sorted(c.get("ExposedPorts", {})))}')
    for f in failures:
        print('FAIL ' + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    if command == 'serve':
        serve(*args)
    elif command == 'base':
        base(*args)
    elif command == 'verify':
        sys.exit(verify(args[0], args[1], args[2], args[3:]))
    else:
        sys.exit(__doc__)
