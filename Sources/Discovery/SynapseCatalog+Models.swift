import PythonSource

/// The SDK's pydantic models that plugins derive from (`BaseTrainParams`, `AutoLabelParams`) or
/// name directly (`params_model = UploadParams`), and the params and result models the action
/// bases of `actionBases` set, as read from synapse-sdk 2026.2.17.
///
/// Upstream's publish imports these classes, so their fields appear in what it sends; discovery
/// cannot import them and needs their fields from here.
///
/// The models are kept as Python source, restated from the SDK's definitions (field names,
/// annotations, defaults, `Field` descriptions, constraints and `json_schema_extra`, and
/// `model_config`; validators, comments and docstrings left out), and read by the same field
/// reader as a plugin's own models rather than written out as `ParamsField` values. That reader
/// is checked against real pydantic (`FormKitDifferentialTests`), so an annotation, default or
/// constraint here becomes the form item the imported SDK class gives, with no second encoding
/// to keep consistent; and checking the catalog against a new SDK release is a side-by-side
/// read of two Python texts. Each source is named by the SDK module that defines it, so the
/// models' `qualifiedName`s are their real import paths, and each class lists its fields in the
/// SDK's order, which is pydantic's. `PublishItemsTests` checks the reading against pydantic
/// importing the same text, and the text against the SDK itself when it is installed.
extension SynapseCatalog {
  /// One SDK module's restated source.
  struct ModelSource {
    /// The defining module (`synapse_sdk.plugins.actions.train.action`).
    var module: String
    var text: String
  }

  /// The restated modules, a module before those importing it.
  static let modelSources: [ModelSource] = [
    ModelSource(
      module: "synapse_sdk.clients.backend.models",
      text: #"""
        from enum import StrEnum

        class JobStatus(StrEnum):
            PENDING = 'PENDING'
            RUNNING = 'RUNNING'
            STOPPED = 'STOPPED'
            SUCCEEDED = 'SUCCEEDED'
            FAILED = 'FAILED'
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.train.action",
      text: #"""
        from typing import Any
        from pydantic import BaseModel, Field

        class BaseTrainParams(BaseModel):
            dataset: int = Field(description='Synapse ground truth dataset ID')
            splits: dict[str, Any] | None = Field(
                default=None,
                description='Split definitions: {"train": {...filters}, "valid": {...}}',
            )
            checkpoint: int | None = Field(default=None, description='Checkpoint model ID to resume from')
            is_tune: bool = Field(default=False, description='Hyperparameter tuning mode (requires tune_config)')
            hyperparameters: list[dict[str, Any]] | None = Field(
                default=None,
                description='Hyperparameters list from backend (hyperparameters[0] is flattened to top-level)',
            )

            model_config = {'extra': 'allow'}
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.upload.models",
      text: #"""
        from typing import Annotated, Any
        from pydantic import AfterValidator, BaseModel

        def non_blank(value: str) -> str:
            if not value or not value.strip():
                raise ValueError('Value cannot be blank')
            return value

        class AssetConfig(BaseModel):
            path: str
            is_recursive: bool = True

        class UploadParams(BaseModel):
            name: Annotated[str, AfterValidator(non_blank)]
            description: str | None = None
            use_single_path: bool = True
            path: str | None = None
            is_recursive: bool = True
            assets: dict[str, AssetConfig] | None = None
            storage: int
            data_collection: int
            project: int | None = None
            excel_metadata_path: str | None = None
            max_file_size_mb: int = 50
            creating_data_unit_batch_size: int = 200
            creating_data_unit_max_workers: int = 1
            upload_max_workers: int = 10
            upload_batch_size: int = 200
            upload_ray_workers: int = 1
            upload_max_retries: int = 2
            use_async_upload: bool = True
            group_name: str | None = None
            extra_params: dict[str, Any] | None = None

            model_config = {'json_schema_extra': {'exclude_from_ui': True}}
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.upload.action",
      text: #"""
        from pydantic import BaseModel, Field

        class UploadResult(BaseModel):
            success: bool
            steps_executed: int
            steps_total: int
            uploaded_files: int
            data_units: int
            partial_failure: bool = False
            lost_files_count: int = 0
            lost_files: list[str] = Field(default_factory=list)
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.export.models",
      text: #"""
        from typing import Annotated, Any, Literal
        from pydantic import AfterValidator, BaseModel, Field

        def non_blank(value: str) -> str:
            if not value or not value.strip():
                raise ValueError('Value cannot be blank')
            return value

        class ExportParams(BaseModel):
            name: Annotated[str, AfterValidator(non_blank)]
            description: str | None = None
            storage: int
            save_original_file: bool = True
            path: str
            target: Literal['assignment', 'ground_truth', 'task']
            filter: dict[str, Any]
            extra_params: dict[str, Any] | None = None
            async_job_size_threshold: int | None = Field(
                default=None,
                description=(
                    '[Deprecated] 모든 export 가 수량과 무관하게 서버사이드로 위임되어'
                    ' 이 값은 무시됩니다.'
                ),
                json_schema_extra={'label': '[Deprecated] 위임 전환 임계값(건수)'},
            )
            disable_async_delegate: bool | None = Field(
                default=None,
                description=(
                    '켜면 위임 없이 항상 in-process 로 export 합니다(kill-switch). 미설정 시 위임 활성.'
                    ' 서버사이드 위임은 잠정 deprecate 상태입니다(SYN-7385) — 지정 범위 export 에서'
                    ' 필터가 유실돼 프로젝트 전량이 나가는 사례가 확인됐습니다(SYN-7438).'
                ),
                json_schema_extra={'label': '위임 비활성화'},
            )
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.dataset.action",
      text: #"""
        from enum import StrEnum
        from pathlib import Path
        from typing import Any
        from pydantic import BaseModel, Field

        class DatasetOperation(StrEnum):
            DOWNLOAD = 'download'
            CONVERT = 'convert'

        class DatasetParams(BaseModel):
            operation: DatasetOperation = DatasetOperation.DOWNLOAD
            dataset: int | None = Field(default=None, description='Ground truth dataset ID')
            splits: dict[str, dict[str, Any]] | None = Field(
                default=None,
                description='Split definitions: {"train": {...filters}, "valid": {...}}',
            )
            path: Path | str | None = Field(default=None, description='Dataset path')
            source_format: str = Field(default='dm_v2', description='Source format')
            target_format: str = Field(default='yolo', description='Target format')
            dm_version: str = Field(default='v2', description='Datamaker version')
            output_dir: Path | str | None = Field(default=None, description='Output directory')
            is_categorized: bool = Field(default=False, description='Has splits')

        class DatasetResult(BaseModel):
            path: Path
            format: str
            is_categorized: bool = False
            config_path: Path | None = None
            count: int | None = None
            source_path: Path | None = None

            model_config = {'arbitrary_types_allowed': True}
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.to_task.action",
      text: #"""
        from enum import StrEnum
        from typing import Any, Literal
        from pydantic import BaseModel, Field
        from synapse_sdk.clients.backend.models import JobStatus

        class ToTaskMethod(StrEnum):
            FILE = 'file'
            INFERENCE = 'inference'

        class ToTaskParams(BaseModel):
            name: str = Field(min_length=1)
            description: str | None = None
            project: int
            agent: int
            task_filters: dict[str, Any] = Field(default_factory=dict)
            method: ToTaskMethod = ToTaskMethod.FILE
            target_specification_name: str | None = None
            model: int | None = None
            pre_processor: int | None = None
            pre_processor_params: dict[str, Any] = Field(default_factory=dict)
            batch_size: int = Field(default=1, ge=1)
            schema: Literal['dm_schema_v1', 'any'] = 'dm_schema_v1'

        class ToTaskResult(BaseModel):
            status: JobStatus
            message: str
            total_tasks: int
            success_count: int
            failed_count: int
            failures: list[dict[str, Any]] = Field(default_factory=list)
        """#),
    ModelSource(
      module: "synapse_sdk.plugins.actions.auto_label.action",
      text: #"""
        from typing import Any
        from pydantic import BaseModel, Field

        class AutoLabelParams(BaseModel):
            plugin: str = Field(description='Neural net plugin code for inference')
            version: str = Field(description='Neural net plugin version')
            model_id: int | None = Field(default=None, description='Model ID for inference')
            model_config = {'extra': 'allow'}

        class AutoLabelResult(BaseModel):
            annotations: list[dict[str, Any]] = Field(default_factory=list)
            metadata: dict[str, Any] = Field(default_factory=dict)
        """#),
  ]

  /// The catalog's pydantic models by simple name (the SDK re-exports them under several
  /// paths, as with `actionBases`). Their fields' `line`s count in the restated text.
  static let models: [String: ParamsModel] = readModels().models

  /// Reads `modelSources` as the modules they restate. The diagnostics are for tests: the
  /// catalog must read without any.
  static func readModels() -> (models: [String: ParamsModel], diagnostics: [DiscoveryDiagnostic]) {
    let files = modelSources.map { source in
      (
        path: source.module.split(separator: ".").joined(separator: "/") + ".py",
        summary: PythonModuleSummary.scan(Array(source.text.utf8))
      )
    }
    // No SDK models while reading the SDK's own: nothing here derives from one, and reading
    // `models` from inside its own initializer would never finish.
    var analyzer = PluginAnalyzer(files: files, sdkModels: [:])
    var models: [String: ParamsModel] = [:]
    for module in analyzer.modules.indices {
      for (index, summary) in analyzer.modules[module].summary.classes.enumerated() where summary.isModuleLevel {
        guard analyzer.mro(.plugin(module: module, index: index)).contains(where: \.isPydanticBaseModel) else {
          continue
        }
        models[summary.name] = analyzer.readModel(module, index)
      }
    }
    return (models, analyzer.diagnostics)
  }
}
