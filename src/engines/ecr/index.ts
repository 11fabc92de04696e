// engines/ecr: ECR's names, ARNs and where berth's registry serves its repositories.
export {
  type EcrRegistryName,
  type EcrScope,
  ecrArns,
  ecrNamespace,
  ecrRegistryHost,
  ecrRepositoryNamePattern,
  isEcrRegistryName,
  parseEcrRegistryName,
} from './ecr-names.js';
