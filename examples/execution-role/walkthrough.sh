#!/usr/bin/env bash
# The ECS private-registry permission path, decided by berth's IAM engine step by step, as AWS decides it.
# Each step states what it checks, the verdict, and AWS's own words when it is denied.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
berth=(node "$here/../../dist/cli/main.js")

account=111122223333
secret="arn:aws:secretsmanager:us-east-1:$account:secret:registry/ghcr-AbCdEf"
key="arn:aws:kms:us-east-1:$account:key/1234abcd-12ab-34cd-56ef-1234567890ab"
role="arn:aws:iam::$account:role/ecsTaskExecutionRole"
session="arn:aws:sts::$account:assumed-role/ecsTaskExecutionRole/4f9e1c0d2b7a4e55a1c3d2e1f0a9b8c7"
managed=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy

failures=0
step() {
  local title=$1 expected=$2
  shift 2
  printf '\n== %s\n' "$title"
  set +e
  "${berth[@]}" iam simulate "$@"
  local got=$?
  set -e
  if [[ $got -ne $expected ]]; then
    printf '!! expected exit code %s, got %s\n' "$expected" "$got"
    failures=$((failures + 1))
  fi
}

cd "$here"
step "1. ECS (ecs-tasks.amazonaws.com) assumes the execution role: the trust policy must name the service" 0 \
  --resource-policy trust-policy.json --resource-policy-kind trust \
  --principal ecs-tasks.amazonaws.com --action sts:AssumeRole --resource "$role" \
  --context aws:SourceAccount=$account --context "aws:SourceArn=arn:aws:ecs:us-east-1:$account:task/default/4f9e1c0d"

step "2. The execution role reads the registry secret: an inline policy names exactly the secret's ARN" 0 \
  --policy "$managed" --policy execution-role-policy.json \
  --principal "$session" --action secretsmanager:GetSecretValue --resource "$secret"

step "3. Misconfiguration: the permission sits on the task role, the execution role has only the managed policy" 1 \
  --policy "$managed" \
  --principal "$session" --action secretsmanager:GetSecretValue --resource "$secret"

step "4. Misconfiguration: the policy names the secret without its 6-character suffix (a partial ARN)" 1 \
  --policy partial-arn-policy.json \
  --principal "$session" --action secretsmanager:GetSecretValue --resource "$secret"

step "5. The secret is encrypted with a customer managed key: the key policy delegates to IAM, which allows Decrypt" 0 \
  --policy execution-role-policy.json --resource-policy key-policy.json --resource-policy-kind key \
  --principal "$session" --action kms:Decrypt --resource "$key" \
  --context kms:ViaService=secretsmanager.us-east-1.amazonaws.com

step "6. Misconfiguration: the same key, but the execution role has no kms:Decrypt" 1 \
  --policy "$managed" --resource-policy key-policy.json --resource-policy-kind key \
  --principal "$session" --action kms:Decrypt --resource "$key"

echo
if ((failures)); then
  echo "walkthrough: $failures step(s) did not give the expected verdict"
  exit 1
fi
echo "walkthrough: every verdict is the one AWS gives."
