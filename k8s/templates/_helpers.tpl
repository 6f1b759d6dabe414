{{/* The services, in a fixed order (keys of .Values.services). */}}
{{- define "op.serviceKeys" -}}gateway billing contacts campaigns chat webhooks{{- end -}}

{{/* Prefix of every object's name: the release name (or nameOverride), at most 30 characters. */}}
{{- define "op.prefix" -}}
{{- .Values.nameOverride | default .Release.Name | trunc 30 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a service's objects: dict "root" $ "svc" $svc */}}
{{- define "op.svcName" -}}
{{- printf "%s-%s" (include "op.prefix" .root) .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; objects of one service add op.selector (name and instance), the others op.instance. */}}
{{- define "op.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: outreachpilot
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "op.instance" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Selector labels of a service's pods: dict "root" $ "svc" $svc */}}
{{- define "op.selector" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Selector of every pod of the suite's services (the default-deny policy) */}}
{{- define "op.suiteSelector" -}}
app.kubernetes.io/part-of: outreachpilot
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: service
{{- end -}}

{{/* Image of a service: registry/repository/name, then @digest if pinned, else :tag (service, global, appVersion) */}}
{{- define "op.image" -}}
{{- $img := .svc.image | default dict -}}
{{- $repo := printf "%s/%s/%s" .root.Values.image.registry .root.Values.image.repository .svc.name -}}
{{- if $img.repository }}{{ $repo = $img.repository }}{{ end -}}
{{- if $img.digest -}}
{{ $repo }}@{{ $img.digest }}
{{- else -}}
{{ $repo }}:{{ $img.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{- define "op.kafkaName" -}}{{ include "op.prefix" . }}-kafka{{- end -}}
{{- define "op.pgName" -}}{{ include "op.prefix" . }}-pg{{- end -}}

{{- define "op.kafkaBootstrap" -}}
{{- if .Values.kafka.external.enabled -}}
{{- required "kafka.external.bootstrapServers is required when kafka.external.enabled" .Values.kafka.external.bootstrapServers -}}
{{- else -}}
{{ include "op.kafkaName" . }}-kafka-bootstrap:9092
{{- end -}}
{{- end -}}

{{- define "op.pgHost" -}}
{{- if .Values.postgres.external.enabled -}}
{{- required "postgres.external.host is required when postgres.external.enabled" .Values.postgres.external.host -}}
{{- else -}}
{{ include "op.pgName" . }}-rw
{{- end -}}
{{- end -}}

{{/* In-cluster URL of a service by key: dict "root" $ "key" "contacts" */}}
{{- define "op.url" -}}
{{- $svc := index .root.Values.services .key -}}
http://{{ include "op.svcName" (dict "root" .root "svc" $svc) }}:8080
{{- end -}}
