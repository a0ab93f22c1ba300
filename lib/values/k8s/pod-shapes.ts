// Made by test/support/k8s-openapi-shapes.ts from k8s.io/kubernetes@v1.37.2 api/openapi-spec/swagger.json; do not edit.
// test/cluster/k8s-shapes.test.ts fails when it differs from what that document gives.
export const POD_SHAPES: Record<string, Record<string, unknown>> = {
  "EnvVar": {
    "type": "object",
    "additionalProperties": false,
    "required": [
      "name"
    ],
    "properties": {
      "name": {
        "type": "string"
      },
      "value": {
        "type": "string"
      },
      "valueFrom": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "configMapKeyRef": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "key"
            ],
            "properties": {
              "key": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "optional": {
                "type": "boolean"
              }
            }
          },
          "fieldRef": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "fieldPath"
            ],
            "properties": {
              "apiVersion": {
                "type": "string"
              },
              "fieldPath": {
                "type": "string"
              }
            }
          },
          "fileKeyRef": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "key",
              "path",
              "volumeName"
            ],
            "properties": {
              "key": {
                "type": "string"
              },
              "optional": {
                "type": "boolean"
              },
              "path": {
                "type": "string"
              },
              "volumeName": {
                "type": "string"
              }
            }
          },
          "resourceFieldRef": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "resource"
            ],
            "properties": {
              "containerName": {
                "type": "string"
              },
              "divisor": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "resource": {
                "type": "string"
              }
            }
          },
          "secretKeyRef": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "key"
            ],
            "properties": {
              "key": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "optional": {
                "type": "boolean"
              }
            }
          }
        }
      }
    }
  },
  "EnvFromSource": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "configMapRef": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string"
          },
          "optional": {
            "type": "boolean"
          }
        }
      },
      "prefix": {
        "type": "string"
      },
      "secretRef": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string"
          },
          "optional": {
            "type": "boolean"
          }
        }
      }
    }
  },
  "Volume": {
    "type": "object",
    "additionalProperties": false,
    "required": [
      "name"
    ],
    "properties": {
      "awsElasticBlockStore": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "volumeID"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "partition": {
            "type": "integer"
          },
          "readOnly": {
            "type": "boolean"
          },
          "volumeID": {
            "type": "string"
          }
        }
      },
      "azureDisk": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "diskName",
          "diskURI"
        ],
        "properties": {
          "cachingMode": {
            "type": "string"
          },
          "diskName": {
            "type": "string"
          },
          "diskURI": {
            "type": "string"
          },
          "fsType": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          }
        }
      },
      "azureFile": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "secretName",
          "shareName"
        ],
        "properties": {
          "readOnly": {
            "type": "boolean"
          },
          "secretName": {
            "type": "string"
          },
          "shareName": {
            "type": "string"
          }
        }
      },
      "cephfs": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "monitors"
        ],
        "properties": {
          "monitors": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "path": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretFile": {
            "type": "string"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "user": {
            "type": "string"
          }
        }
      },
      "cinder": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "volumeID"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "volumeID": {
            "type": "string"
          }
        }
      },
      "configMap": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "defaultMode": {
            "type": "integer"
          },
          "defaultUser": {
            "type": "integer"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "key",
                "path"
              ],
              "properties": {
                "key": {
                  "type": "string"
                },
                "mode": {
                  "type": "integer"
                },
                "path": {
                  "type": "string"
                },
                "user": {
                  "type": "integer"
                }
              }
            }
          },
          "name": {
            "type": "string"
          },
          "optional": {
            "type": "boolean"
          }
        }
      },
      "csi": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "driver"
        ],
        "properties": {
          "driver": {
            "type": "string"
          },
          "fsType": {
            "type": "string"
          },
          "nodePublishSecretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "readOnly": {
            "type": "boolean"
          },
          "volumeAttributes": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "downwardAPI": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "defaultMode": {
            "type": "integer"
          },
          "defaultUser": {
            "type": "integer"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "path"
              ],
              "properties": {
                "fieldRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "fieldPath"
                  ],
                  "properties": {
                    "apiVersion": {
                      "type": "string"
                    },
                    "fieldPath": {
                      "type": "string"
                    }
                  }
                },
                "mode": {
                  "type": "integer"
                },
                "path": {
                  "type": "string"
                },
                "resourceFieldRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "resource"
                  ],
                  "properties": {
                    "containerName": {
                      "type": "string"
                    },
                    "divisor": {
                      "type": [
                        "string",
                        "number"
                      ]
                    },
                    "resource": {
                      "type": "string"
                    }
                  }
                },
                "user": {
                  "type": "integer"
                }
              }
            }
          }
        }
      },
      "emptyDir": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "medium": {
            "type": "string"
          },
          "mode": {
            "type": "integer"
          },
          "sizeLimit": {
            "type": [
              "string",
              "number"
            ]
          }
        }
      },
      "ephemeral": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "volumeClaimTemplate": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "spec"
            ],
            "properties": {
              "metadata": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "annotations": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "creationTimestamp": {
                    "type": "string"
                  },
                  "deletionGracePeriodSeconds": {
                    "type": "integer"
                  },
                  "deletionTimestamp": {
                    "type": "string"
                  },
                  "finalizers": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "generateName": {
                    "type": "string"
                  },
                  "generation": {
                    "type": "integer"
                  },
                  "labels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "string"
                    }
                  },
                  "managedFields": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "apiVersion": {
                          "type": "string"
                        },
                        "fieldsType": {
                          "type": "string"
                        },
                        "fieldsV1": {
                          "type": "object"
                        },
                        "manager": {
                          "type": "string"
                        },
                        "operation": {
                          "type": "string"
                        },
                        "subresource": {
                          "type": "string"
                        },
                        "time": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "name": {
                    "type": "string"
                  },
                  "namespace": {
                    "type": "string"
                  },
                  "ownerReferences": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "apiVersion",
                        "kind",
                        "name",
                        "uid"
                      ],
                      "properties": {
                        "apiVersion": {
                          "type": "string"
                        },
                        "blockOwnerDeletion": {
                          "type": "boolean"
                        },
                        "controller": {
                          "type": "boolean"
                        },
                        "kind": {
                          "type": "string"
                        },
                        "name": {
                          "type": "string"
                        },
                        "uid": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "resourceVersion": {
                    "type": "string"
                  },
                  "selfLink": {
                    "type": "string"
                  },
                  "uid": {
                    "type": "string"
                  }
                }
              },
              "spec": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "accessModes": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "dataSource": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "kind",
                      "name"
                    ],
                    "properties": {
                      "apiGroup": {
                        "type": "string"
                      },
                      "kind": {
                        "type": "string"
                      },
                      "name": {
                        "type": "string"
                      }
                    }
                  },
                  "dataSourceRef": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "kind",
                      "name"
                    ],
                    "properties": {
                      "apiGroup": {
                        "type": "string"
                      },
                      "kind": {
                        "type": "string"
                      },
                      "name": {
                        "type": "string"
                      },
                      "namespace": {
                        "type": "string"
                      }
                    }
                  },
                  "resources": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "limits": {
                        "type": "object",
                        "additionalProperties": {
                          "type": [
                            "string",
                            "number"
                          ]
                        }
                      },
                      "requests": {
                        "type": "object",
                        "additionalProperties": {
                          "type": [
                            "string",
                            "number"
                          ]
                        }
                      }
                    }
                  },
                  "selector": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "matchExpressions": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "additionalProperties": false,
                          "required": [
                            "key",
                            "operator"
                          ],
                          "properties": {
                            "key": {
                              "type": "string"
                            },
                            "operator": {
                              "type": "string"
                            },
                            "values": {
                              "type": "array",
                              "items": {
                                "type": "string"
                              }
                            }
                          }
                        }
                      },
                      "matchLabels": {
                        "type": "object",
                        "additionalProperties": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "storageClassName": {
                    "type": "string"
                  },
                  "volumeAttributesClassName": {
                    "type": "string"
                  },
                  "volumeMode": {
                    "type": "string"
                  },
                  "volumeName": {
                    "type": "string"
                  }
                }
              }
            }
          }
        }
      },
      "fc": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "fsType": {
            "type": "string"
          },
          "lun": {
            "type": "integer"
          },
          "readOnly": {
            "type": "boolean"
          },
          "targetWWNs": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "wwids": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "flexVolume": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "driver"
        ],
        "properties": {
          "driver": {
            "type": "string"
          },
          "fsType": {
            "type": "string"
          },
          "options": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          }
        }
      },
      "flocker": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "datasetName": {
            "type": "string"
          },
          "datasetUUID": {
            "type": "string"
          }
        }
      },
      "gcePersistentDisk": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "pdName"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "partition": {
            "type": "integer"
          },
          "pdName": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          }
        }
      },
      "gitRepo": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "repository"
        ],
        "properties": {
          "directory": {
            "type": "string"
          },
          "repository": {
            "type": "string"
          },
          "revision": {
            "type": "string"
          }
        }
      },
      "glusterfs": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "endpoints",
          "path"
        ],
        "properties": {
          "endpoints": {
            "type": "string"
          },
          "path": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          }
        }
      },
      "hostPath": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path"
        ],
        "properties": {
          "path": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        }
      },
      "image": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "pullPolicy": {
            "type": "string"
          },
          "reference": {
            "type": "string"
          }
        }
      },
      "iscsi": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "iqn",
          "lun",
          "targetPortal"
        ],
        "properties": {
          "chapAuthDiscovery": {
            "type": "boolean"
          },
          "chapAuthSession": {
            "type": "boolean"
          },
          "fsType": {
            "type": "string"
          },
          "initiatorName": {
            "type": "string"
          },
          "iqn": {
            "type": "string"
          },
          "iscsiInterface": {
            "type": "string"
          },
          "lun": {
            "type": "integer"
          },
          "portals": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "targetPortal": {
            "type": "string"
          }
        }
      },
      "name": {
        "type": "string"
      },
      "nfs": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "path",
          "server"
        ],
        "properties": {
          "path": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "server": {
            "type": "string"
          }
        }
      },
      "persistentVolumeClaim": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "claimName"
        ],
        "properties": {
          "claimName": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          }
        }
      },
      "photonPersistentDisk": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "pdID"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "pdID": {
            "type": "string"
          }
        }
      },
      "portworxVolume": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "volumeID"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "volumeID": {
            "type": "string"
          }
        }
      },
      "projected": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "defaultMode": {
            "type": "integer"
          },
          "defaultUser": {
            "type": "integer"
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "clusterTrustBundle": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "path"
                  ],
                  "properties": {
                    "labelSelector": {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "matchExpressions": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": [
                              "key",
                              "operator"
                            ],
                            "properties": {
                              "key": {
                                "type": "string"
                              },
                              "operator": {
                                "type": "string"
                              },
                              "values": {
                                "type": "array",
                                "items": {
                                  "type": "string"
                                }
                              }
                            }
                          }
                        },
                        "matchLabels": {
                          "type": "object",
                          "additionalProperties": {
                            "type": "string"
                          }
                        }
                      }
                    },
                    "name": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    },
                    "path": {
                      "type": "string"
                    },
                    "signerName": {
                      "type": "string"
                    },
                    "user": {
                      "type": "integer"
                    }
                  }
                },
                "configMap": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "key",
                          "path"
                        ],
                        "properties": {
                          "key": {
                            "type": "string"
                          },
                          "mode": {
                            "type": "integer"
                          },
                          "path": {
                            "type": "string"
                          },
                          "user": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "name": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    }
                  }
                },
                "downwardAPI": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "path"
                        ],
                        "properties": {
                          "fieldRef": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": [
                              "fieldPath"
                            ],
                            "properties": {
                              "apiVersion": {
                                "type": "string"
                              },
                              "fieldPath": {
                                "type": "string"
                              }
                            }
                          },
                          "mode": {
                            "type": "integer"
                          },
                          "path": {
                            "type": "string"
                          },
                          "resourceFieldRef": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": [
                              "resource"
                            ],
                            "properties": {
                              "containerName": {
                                "type": "string"
                              },
                              "divisor": {
                                "type": [
                                  "string",
                                  "number"
                                ]
                              },
                              "resource": {
                                "type": "string"
                              }
                            }
                          },
                          "user": {
                            "type": "integer"
                          }
                        }
                      }
                    }
                  }
                },
                "podCertificate": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "keyType",
                    "signerName"
                  ],
                  "properties": {
                    "certificateChainPath": {
                      "type": "string"
                    },
                    "credentialBundlePath": {
                      "type": "string"
                    },
                    "keyPath": {
                      "type": "string"
                    },
                    "keyType": {
                      "type": "string"
                    },
                    "maxExpirationSeconds": {
                      "type": "integer"
                    },
                    "signerName": {
                      "type": "string"
                    },
                    "user": {
                      "type": "integer"
                    },
                    "userAnnotations": {
                      "type": "object",
                      "additionalProperties": {
                        "type": "string"
                      }
                    }
                  }
                },
                "secret": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": [
                          "key",
                          "path"
                        ],
                        "properties": {
                          "key": {
                            "type": "string"
                          },
                          "mode": {
                            "type": "integer"
                          },
                          "path": {
                            "type": "string"
                          },
                          "user": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "name": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    }
                  }
                },
                "serviceAccountToken": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "path"
                  ],
                  "properties": {
                    "audience": {
                      "type": "string"
                    },
                    "expirationSeconds": {
                      "type": "integer"
                    },
                    "path": {
                      "type": "string"
                    },
                    "user": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "quobyte": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "registry",
          "volume"
        ],
        "properties": {
          "group": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "registry": {
            "type": "string"
          },
          "tenant": {
            "type": "string"
          },
          "user": {
            "type": "string"
          },
          "volume": {
            "type": "string"
          }
        }
      },
      "rbd": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "image",
          "monitors"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "image": {
            "type": "string"
          },
          "keyring": {
            "type": "string"
          },
          "monitors": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "pool": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "user": {
            "type": "string"
          }
        }
      },
      "scaleIO": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "gateway",
          "secretRef",
          "system"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "gateway": {
            "type": "string"
          },
          "protectionDomain": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "sslEnabled": {
            "type": "boolean"
          },
          "storageMode": {
            "type": "string"
          },
          "storagePool": {
            "type": "string"
          },
          "system": {
            "type": "string"
          },
          "volumeName": {
            "type": "string"
          }
        }
      },
      "secret": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "defaultMode": {
            "type": "integer"
          },
          "defaultUser": {
            "type": "integer"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "key",
                "path"
              ],
              "properties": {
                "key": {
                  "type": "string"
                },
                "mode": {
                  "type": "integer"
                },
                "path": {
                  "type": "string"
                },
                "user": {
                  "type": "integer"
                }
              }
            }
          },
          "optional": {
            "type": "boolean"
          },
          "secretName": {
            "type": "string"
          }
        }
      },
      "storageos": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "fsType": {
            "type": "string"
          },
          "readOnly": {
            "type": "boolean"
          },
          "secretRef": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string"
              }
            }
          },
          "volumeName": {
            "type": "string"
          },
          "volumeNamespace": {
            "type": "string"
          }
        }
      },
      "vsphereVolume": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "volumePath"
        ],
        "properties": {
          "fsType": {
            "type": "string"
          },
          "storagePolicyID": {
            "type": "string"
          },
          "storagePolicyName": {
            "type": "string"
          },
          "volumePath": {
            "type": "string"
          }
        }
      }
    }
  },
  "VolumeMount": {
    "type": "object",
    "additionalProperties": false,
    "required": [
      "mountPath",
      "name"
    ],
    "properties": {
      "bindMountOptions": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "mountPath": {
        "type": "string"
      },
      "mountPropagation": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "readOnly": {
        "type": "boolean"
      },
      "recursiveReadOnly": {
        "type": "string"
      },
      "subPath": {
        "type": "string"
      },
      "subPathExpr": {
        "type": "string"
      }
    }
  },
  "Container": {
    "type": "object",
    "additionalProperties": false,
    "required": [
      "name"
    ],
    "properties": {
      "args": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "command": {
        "type": "array",
        "items": {
          "type": "string"
        }
      },
      "env": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "name"
          ],
          "properties": {
            "name": {
              "type": "string"
            },
            "value": {
              "type": "string"
            },
            "valueFrom": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "configMapKeyRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "key"
                  ],
                  "properties": {
                    "key": {
                      "type": "string"
                    },
                    "name": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    }
                  }
                },
                "fieldRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "fieldPath"
                  ],
                  "properties": {
                    "apiVersion": {
                      "type": "string"
                    },
                    "fieldPath": {
                      "type": "string"
                    }
                  }
                },
                "fileKeyRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "key",
                    "path",
                    "volumeName"
                  ],
                  "properties": {
                    "key": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    },
                    "path": {
                      "type": "string"
                    },
                    "volumeName": {
                      "type": "string"
                    }
                  }
                },
                "resourceFieldRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "resource"
                  ],
                  "properties": {
                    "containerName": {
                      "type": "string"
                    },
                    "divisor": {
                      "type": [
                        "string",
                        "number"
                      ]
                    },
                    "resource": {
                      "type": "string"
                    }
                  }
                },
                "secretKeyRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "key"
                  ],
                  "properties": {
                    "key": {
                      "type": "string"
                    },
                    "name": {
                      "type": "string"
                    },
                    "optional": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "envFrom": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "configMapRef": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "name": {
                  "type": "string"
                },
                "optional": {
                  "type": "boolean"
                }
              }
            },
            "prefix": {
              "type": "string"
            },
            "secretRef": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "name": {
                  "type": "string"
                },
                "optional": {
                  "type": "boolean"
                }
              }
            }
          }
        }
      },
      "image": {
        "type": "string"
      },
      "imagePullPolicy": {
        "type": "string"
      },
      "lifecycle": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "postStart": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "exec": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "command": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              },
              "httpGet": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "port"
                ],
                "properties": {
                  "host": {
                    "type": "string"
                  },
                  "httpHeaders": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "name",
                        "value"
                      ],
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "value": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "path": {
                    "type": "string"
                  },
                  "port": {
                    "type": [
                      "string",
                      "integer"
                    ]
                  },
                  "protocol": {
                    "type": "string"
                  },
                  "scheme": {
                    "type": "string"
                  }
                }
              },
              "sleep": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "seconds"
                ],
                "properties": {
                  "seconds": {
                    "type": "integer"
                  }
                }
              },
              "tcpSocket": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "port"
                ],
                "properties": {
                  "host": {
                    "type": "string"
                  },
                  "port": {
                    "type": [
                      "string",
                      "integer"
                    ]
                  }
                }
              }
            }
          },
          "preStop": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "exec": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "command": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              },
              "httpGet": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "port"
                ],
                "properties": {
                  "host": {
                    "type": "string"
                  },
                  "httpHeaders": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "name",
                        "value"
                      ],
                      "properties": {
                        "name": {
                          "type": "string"
                        },
                        "value": {
                          "type": "string"
                        }
                      }
                    }
                  },
                  "path": {
                    "type": "string"
                  },
                  "port": {
                    "type": [
                      "string",
                      "integer"
                    ]
                  },
                  "protocol": {
                    "type": "string"
                  },
                  "scheme": {
                    "type": "string"
                  }
                }
              },
              "sleep": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "seconds"
                ],
                "properties": {
                  "seconds": {
                    "type": "integer"
                  }
                }
              },
              "tcpSocket": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "port"
                ],
                "properties": {
                  "host": {
                    "type": "string"
                  },
                  "port": {
                    "type": [
                      "string",
                      "integer"
                    ]
                  }
                }
              }
            }
          },
          "stopSignal": {
            "type": "string"
          }
        }
      },
      "livenessProbe": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "exec": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "command": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "failureThreshold": {
            "type": "integer"
          },
          "grpc": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "mode": {
                "type": "string"
              },
              "port": {
                "type": "integer"
              },
              "service": {
                "type": "string"
              }
            }
          },
          "httpGet": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "httpHeaders": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "name",
                    "value"
                  ],
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "path": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              },
              "protocol": {
                "type": "string"
              },
              "scheme": {
                "type": "string"
              }
            }
          },
          "initialDelaySeconds": {
            "type": "integer"
          },
          "periodSeconds": {
            "type": "integer"
          },
          "successThreshold": {
            "type": "integer"
          },
          "tcpSocket": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              }
            }
          },
          "terminationGracePeriodSeconds": {
            "type": "integer"
          },
          "timeoutSeconds": {
            "type": "integer"
          }
        }
      },
      "name": {
        "type": "string"
      },
      "ports": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "containerPort"
          ],
          "properties": {
            "containerPort": {
              "type": "integer"
            },
            "hostIP": {
              "type": "string"
            },
            "hostPort": {
              "type": "integer"
            },
            "name": {
              "type": "string"
            },
            "protocol": {
              "type": "string"
            }
          }
        }
      },
      "readinessProbe": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "exec": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "command": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "failureThreshold": {
            "type": "integer"
          },
          "grpc": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "mode": {
                "type": "string"
              },
              "port": {
                "type": "integer"
              },
              "service": {
                "type": "string"
              }
            }
          },
          "httpGet": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "httpHeaders": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "name",
                    "value"
                  ],
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "path": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              },
              "protocol": {
                "type": "string"
              },
              "scheme": {
                "type": "string"
              }
            }
          },
          "initialDelaySeconds": {
            "type": "integer"
          },
          "periodSeconds": {
            "type": "integer"
          },
          "successThreshold": {
            "type": "integer"
          },
          "tcpSocket": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              }
            }
          },
          "terminationGracePeriodSeconds": {
            "type": "integer"
          },
          "timeoutSeconds": {
            "type": "integer"
          }
        }
      },
      "resizePolicy": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "resourceName",
            "restartPolicy"
          ],
          "properties": {
            "resourceName": {
              "type": "string"
            },
            "restartPolicy": {
              "type": "string"
            }
          }
        }
      },
      "resources": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "claims": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "name"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "request": {
                  "type": "string"
                }
              }
            }
          },
          "limits": {
            "type": "object",
            "additionalProperties": {
              "type": [
                "string",
                "number"
              ]
            }
          },
          "requests": {
            "type": "object",
            "additionalProperties": {
              "type": [
                "string",
                "number"
              ]
            }
          }
        }
      },
      "restartPolicy": {
        "type": "string"
      },
      "restartPolicyRules": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "action"
          ],
          "properties": {
            "action": {
              "type": "string"
            },
            "exitCodes": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "operator"
              ],
              "properties": {
                "operator": {
                  "type": "string"
                },
                "values": {
                  "type": "array",
                  "items": {
                    "type": "integer"
                  }
                }
              }
            }
          }
        }
      },
      "securityContext": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "allowPrivilegeEscalation": {
            "type": "boolean"
          },
          "appArmorProfile": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "type"
            ],
            "properties": {
              "localhostProfile": {
                "type": "string"
              },
              "type": {
                "type": "string"
              }
            }
          },
          "capabilities": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "add": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "drop": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "privileged": {
            "type": "boolean"
          },
          "procMount": {
            "type": "string"
          },
          "readOnlyRootFilesystem": {
            "type": "boolean"
          },
          "runAsGroup": {
            "type": "integer"
          },
          "runAsNonRoot": {
            "type": "boolean"
          },
          "runAsUser": {
            "type": "integer"
          },
          "seLinuxOptions": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "level": {
                "type": "string"
              },
              "role": {
                "type": "string"
              },
              "type": {
                "type": "string"
              },
              "user": {
                "type": "string"
              }
            }
          },
          "seccompProfile": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "type"
            ],
            "properties": {
              "localhostProfile": {
                "type": "string"
              },
              "type": {
                "type": "string"
              }
            }
          },
          "windowsOptions": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "gmsaCredentialSpec": {
                "type": "string"
              },
              "gmsaCredentialSpecName": {
                "type": "string"
              },
              "hostProcess": {
                "type": "boolean"
              },
              "runAsUserName": {
                "type": "string"
              }
            }
          }
        }
      },
      "startupProbe": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "exec": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "command": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "failureThreshold": {
            "type": "integer"
          },
          "grpc": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "mode": {
                "type": "string"
              },
              "port": {
                "type": "integer"
              },
              "service": {
                "type": "string"
              }
            }
          },
          "httpGet": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "httpHeaders": {
                "type": "array",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "name",
                    "value"
                  ],
                  "properties": {
                    "name": {
                      "type": "string"
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "path": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              },
              "protocol": {
                "type": "string"
              },
              "scheme": {
                "type": "string"
              }
            }
          },
          "initialDelaySeconds": {
            "type": "integer"
          },
          "periodSeconds": {
            "type": "integer"
          },
          "successThreshold": {
            "type": "integer"
          },
          "tcpSocket": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "port"
            ],
            "properties": {
              "host": {
                "type": "string"
              },
              "port": {
                "type": [
                  "string",
                  "integer"
                ]
              }
            }
          },
          "terminationGracePeriodSeconds": {
            "type": "integer"
          },
          "timeoutSeconds": {
            "type": "integer"
          }
        }
      },
      "stdin": {
        "type": "boolean"
      },
      "stdinOnce": {
        "type": "boolean"
      },
      "terminationMessagePath": {
        "type": "string"
      },
      "terminationMessagePolicy": {
        "type": "string"
      },
      "tty": {
        "type": "boolean"
      },
      "volumeDevices": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "devicePath",
            "name"
          ],
          "properties": {
            "devicePath": {
              "type": "string"
            },
            "name": {
              "type": "string"
            }
          }
        }
      },
      "volumeMounts": {
        "type": "array",
        "items": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "mountPath",
            "name"
          ],
          "properties": {
            "bindMountOptions": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "mountPath": {
              "type": "string"
            },
            "mountPropagation": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "readOnly": {
              "type": "boolean"
            },
            "recursiveReadOnly": {
              "type": "string"
            },
            "subPath": {
              "type": "string"
            },
            "subPathExpr": {
              "type": "string"
            }
          }
        }
      },
      "workingDir": {
        "type": "string"
      }
    }
  }
};
