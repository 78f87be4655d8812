{{py_description}}

PLUGIN_NAME = {{py_name}}
PLUGIN_CODE = "{{code}}"
PLUGIN_VERSION = "{{version}}"

__version__ = PLUGIN_VERSION
